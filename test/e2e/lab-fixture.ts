import type { Page } from '@playwright/test';

import { VENDOR_LABELS, type VendorId } from '../../common/vendors';
import type { LabVendorInfo } from '../../lab/lab';

/** Fills the "New connection" form the way a person would, for one lab vendor. */
export async function addConnection(
  page: Page,
  info: LabVendorInfo,
  overrides: { name?: string; url?: string; secret?: string; keep?: 'keychain' | 'session' } = {},
): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  const form = page.getByRole('form', { name: 'New connection' });
  await form.getByLabel('System').selectOption({ label: VENDOR_LABELS[info.vendor] });
  await form.getByLabel('Name', { exact: true }).fill(overrides.name ?? `Lab ${info.vendor}`);
  await form.getByLabel('Address').fill(overrides.url ?? info.url);
  const c = info.credentials;
  const secret = overrides.secret ?? (info.vendor === 'ibm-br' ? c.apiKey : c.password) ?? '';
  if (info.vendor === 'ibm-br') {
    await form.getByLabel('Region').fill(info.extra?.region ?? 'us-east');
    await form.getByLabel('Instance GUID').fill('lab-instance');
    await form.getByLabel('Tenant id').fill(c.tenantId ?? '');
    await form.getByLabel('IAM token endpoint').fill(`${info.url}/identity/token`);
    await form.getByLabel('API key').fill(secret);
  } else {
    await form.getByLabel('User name').fill(c.username ?? '');
    await form.getByLabel('Password').fill(secret);
  }
  if (overrides.keep) await form.getByLabel(/^Keep the/).selectOption(overrides.keep);
  await form.getByRole('button', { name: 'Save connection' }).click();
  await page.getByRole('heading', { level: 2, name: overrides.name ?? `Lab ${info.vendor}` }).waitFor();
}

export function vendorOf(info: LabVendorInfo): VendorId {
  return info.vendor;
}
