import type { VendorFactory } from '../core/types';

// Placeholder until the simulator lands.
export const createUnitrendsSimulator: VendorFactory = () => ({
  routes: () => undefined,
  errorBody: (status, message) => ({ status, message }),
  describe: () => ({ credentials: {} }),
});
