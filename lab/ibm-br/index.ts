import type { VendorFactory } from '../core/types';

// Placeholder until the simulator lands.
export const createIbmBrSimulator: VendorFactory = () => ({
  routes: () => undefined,
  errorBody: (status, message) => ({ status, message }),
  describe: () => ({ credentials: {} }),
});
