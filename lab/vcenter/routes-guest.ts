import { done, result, type Call, type Endpoint } from './endpoints';
import { vapiError } from './errors';
import { requireVm, type Simulation } from './simulation';

/**
 * Guest processes (`/api` 7.0.2+; the 7.0U2 docs also show the same actions under `/rest`): the credentials travel
 * in the body of every call, and a 401 here means the guest refused them, not that the session expired.
 */

const PROCESSES = '/vcenter/vm/:vm/guest/processes';
const PROCESS = `${PROCESSES}/:pid`;

function pidOf(call: Call): number {
  const raw = call.req.params.pid ?? '';
  if (!/^\d{1,15}$/.test(raw))
    throw vapiError(
      'INVALID_ARGUMENT',
      'vapi.bindings.typeconverter.invalid.long',
      `Invalid pid '${raw}'.`,
      raw,
    );
  return Number(raw);
}

export function guestEndpoints(sim: Simulation): Endpoint[] {
  const vm = (call: Call): number => requireVm(sim, call.req.params.vm).index;
  const { processes } = sim;
  return [
    {
      method: 'POST',
      path: PROCESSES,
      action: 'create',
      privileged: true,
      handler: (call) => result(processes.create(vm(call), call.req.body, call.flavour), true),
    },
    {
      method: 'POST',
      path: PROCESSES,
      action: 'list',
      privileged: true,
      handler: (call) => result(processes.list(vm(call), call.req.body)),
    },
    {
      method: 'POST',
      path: PROCESS,
      action: 'get',
      privileged: true,
      handler: (call) => result(processes.get(vm(call), pidOf(call), call.req.body)),
    },
    {
      method: 'POST',
      path: PROCESS,
      action: 'delete',
      privileged: true,
      handler: (call) => {
        processes.remove(vm(call), pidOf(call), call.req.body);
        return done;
      },
    },
    ...fileEndpoints(sim),
  ];
}

/** Guest files: temporary files, deletion, and transfers out of the guest (`guest-files.ts`). */
function fileEndpoints(sim: Simulation): Endpoint[] {
  const vm = (call: Call): number => requireVm(sim, call.req.params.vm).index;
  const { files } = sim;
  return [
    {
      method: 'POST',
      path: '/vcenter/vm/:vm/guest/filesystem/files',
      action: 'createTemporary',
      privileged: true,
      handler: (call) => result(files.createTemporary(vm(call), call.req.body)),
    },
    {
      method: 'POST',
      path: '/vcenter/vm/:vm/guest/filesystem/files/:path',
      action: 'delete',
      privileged: true,
      handler: (call) => {
        files.remove(vm(call), call.req.params.path ?? '', call.req.body);
        return done;
      },
    },
    {
      method: 'POST',
      path: '/vcenter/vm/:vm/guest/filesystem',
      action: 'create',
      privileged: true,
      handler: (call) =>
        result(
          files.transferOut(vm(call), call.req.body, String(call.req.headers.host ?? 'localhost')),
          true,
        ),
    },
  ];
}
