import { VantageError } from '../../common/errors';
import type { Connector } from './types';

// Placeholder for connector capabilities still being written (each vendor replaces it).
export const inventoryNotYet: Pick<Connector, 'listMachines' | 'details' | 'actions' | 'perform'> = {
  listMachines: () =>
    Promise.reject(new VantageError('UNSUPPORTED', 'Listing machines is not implemented yet.')),
  details: () => Promise.reject(new VantageError('UNSUPPORTED', 'Machine details are not implemented yet.')),
  actions: () => [],
  perform: () => Promise.reject(new VantageError('UNSUPPORTED', 'Power actions are not implemented yet.')),
};
