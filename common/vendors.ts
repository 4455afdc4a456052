/** The upstream systems Vantage speaks to. The id is used in profiles, machine ids, lab folders and connector folders. */
export const VENDOR_IDS = ['vcenter', 'danube', 'comodit', 'unitrends', 'ibm-br'] as const;
export type VendorId = (typeof VENDOR_IDS)[number];

export const VENDOR_LABELS: Readonly<Record<VendorId, string>> = {
  vcenter: 'VMware vCenter',
  danube: 'Danube Cloud',
  comodit: 'ComodIT',
  unitrends: 'Unitrends',
  'ibm-br': 'IBM Cloud Backup and Recovery',
};
