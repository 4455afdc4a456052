import type { VendorId } from '../common/vendors';
import { createComoditSimulator } from './comodit';
import type { VendorFactory } from './core/types';
import { createDanubeSimulator } from './danube';
import { createIbmBrSimulator } from './ibm-br';
import { createUnitrendsSimulator } from './unitrends';
import { createVcenterSimulator } from './vcenter';

export const SIMULATORS: Readonly<Record<VendorId, VendorFactory>> = {
  vcenter: createVcenterSimulator,
  danube: createDanubeSimulator,
  comodit: createComoditSimulator,
  unitrends: createUnitrendsSimulator,
  'ibm-br': createIbmBrSimulator,
};

/** How `--vms N` is spread: vCenter estates are the largest, backup systems hold fewer machines. */
export const VM_SHARE: Readonly<Record<VendorId, number>> = {
  vcenter: 0.4,
  danube: 0.2,
  comodit: 0.2,
  unitrends: 0.1,
  'ibm-br': 0.1,
};
