import type { VendorId } from '../../common/vendors';
import { createComoditConnector } from './comodit';
import { createDanubeConnector } from './danube';
import { createIbmBrConnector } from './ibm-br';
import type { ConnectorFactory } from './types';
import { createUnitrendsConnector } from './unitrends';
import { createVcenterConnector } from './vcenter';

export const CONNECTORS: Readonly<Record<VendorId, ConnectorFactory>> = {
  vcenter: createVcenterConnector,
  danube: createDanubeConnector,
  comodit: createComoditConnector,
  unitrends: createUnitrendsConnector,
  'ibm-br': createIbmBrConnector,
};
