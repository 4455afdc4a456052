import type { VendorFactory } from '../core/types';
import { SPECIAL_KINDS } from './data';
import { registerEndpoints } from './endpoints';
import { coreErrorBody } from './errors';
import { GUEST_PASSWORDS } from './guest-processes';
import { GUEST_ADMIN, GUEST_USER } from './guest-programs';
import { guestEndpoints } from './routes-guest';
import { inventoryEndpoints } from './routes-inventory';
import { sessionEndpoints } from './routes-session';
import { vmEndpoints } from './routes-vm';
import { DEMO_USERS } from './sessions';
import { createSimulation } from './simulation';

/** VMware vCenter: `/rest` (value-wrapped) and `/api` (raw) over one shared estate. See README.md. */
export const createVcenterSimulator: VendorFactory = (ctx) => {
  const sim = createSimulation(ctx);
  const [admin, readOnly] = DEMO_USERS;
  return {
    routes(router) {
      registerEndpoints(
        router,
        [
          ...sessionEndpoints(sim.sessions),
          ...vmEndpoints(sim),
          ...guestEndpoints(sim),
          ...inventoryEndpoints(sim.inventory),
        ],
        sim.sessions,
      );
      // Transfer URLs are one-time and carry their own secret, like an ESXi host's /guestFile (no session).
      router.on('GET', '/guestFile', (req) => {
        const bytes = sim.files.download(req.query.get('id') ?? '');
        return bytes
          ? { status: 200, raw: bytes, headers: { 'content-type': 'application/octet-stream' } }
          : { status: 404, body: { error: 'unknown or used transfer' } };
      });
    },
    errorBody: coreErrorBody,
    describe: () => ({
      credentials: { username: admin?.login ?? '', password: admin?.password ?? '' },
      extra: {
        flavours: '/rest (value-wrapped, 6.5+) and /api (raw, 7.0U2+)',
        readOnlyUsername: readOnly?.login ?? '',
        readOnlyPassword: readOnly?.password ?? '',
        guestUsername: GUEST_USER,
        guestPassword: GUEST_PASSWORDS.user,
        guestAdminLinux: GUEST_ADMIN.LINUX,
        guestAdminWindows: GUEST_ADMIN.WINDOWS,
        guestAdminPassword: GUEST_PASSWORDS.admin,
        ...Object.fromEntries(
          SPECIAL_KINDS.flatMap((kind) => {
            const id = sim.inventory.samples[kind];
            return id ? [[`vm.${kind}`, id]] : [];
          }),
        ),
      },
    }),
  };
};
