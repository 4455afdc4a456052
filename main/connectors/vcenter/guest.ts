import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type { HttpClient, HttpResponse } from '../../net/http-client';
import type { GuestCredentials, GuestFamily, GuestOperations, GuestProcessInfo } from '../guest';
import { vapiKind, vmPath, type VcenterAnswer, type VcenterApi } from './api';
import { vcenterMessage, vcenterMessages } from './session';

/** vCenter guest operations (`vcenter/vm/{vm}/guest/{processes,filesystem}`, 7.0 U2+): credentials in every body. */

const body = (who: GuestCredentials, rest: Record<string, unknown> = {}): Record<string, unknown> => ({
  credentials: {
    type: 'USERNAME_PASSWORD',
    interactive_session: false,
    user_name: who.user,
    password: who.password,
  },
  ...rest,
});

/** A guest operation refused, in an administrator's words; the raw answer kept in details. */
export function guestRefusal(name: string, what: string, response: HttpResponse): VantageError {
  const said = vcenterMessage(response);
  const fail = (code: ConstructorParameters<typeof VantageError>[0], message: string): VantageError =>
    new VantageError(code, message, {
      status: response.status,
      body: response.body ?? response.text.slice(0, 500),
    });
  const ids = vcenterMessages(response).map((m) => m.id ?? '');
  switch (vapiKind(response)) {
    case 'SERVICE_UNAVAILABLE':
      return fail(
        'CONFLICT',
        `VMware Tools are not running in ${name}, so vCenter cannot ${what} in its guest.`,
      );
    case 'UNSUPPORTED':
      return fail(
        'UNSUPPORTED',
        `The VMware Tools in ${name} are too old (or the guest does not support it) to ${what}: upgrade VMware Tools.`,
      );
    case 'UNAUTHENTICATED':
      return fail(
        'AUTH_FAILED',
        `The guest of ${name} refused the guest credentials: check the guest user name and password.`,
      );
    case 'UNAUTHORIZED':
      return ids.some((id) => id.startsWith('vapi.security'))
        ? fail(
            'PERMISSION_DENIED',
            `This vCenter account may not run guest operations on ${name} (read-only account?).`,
          )
        : fail(
            'PERMISSION_DENIED',
            `The guest account may not ${what} in ${name}.${said ? ` vCenter says: “${said}”` : ''}`,
          );
    case 'NOT_FOUND':
      return fail('NOT_FOUND', `vCenter cannot ${what} in ${name}: ${said ?? 'not found'}.`);
    case 'NOT_ALLOWED_IN_CURRENT_STATE':
      return fail('CONFLICT', `${name} must be powered on to ${what} in its guest.`);
    case 'RESOURCE_BUSY':
      return fail('CONFLICT', `${name} is busy with another operation: try again once it has finished.`);
    default:
      return fail(
        'UPSTREAM',
        `vCenter could not ${what} in ${name} (HTTP ${response.status}).${said ? ` vCenter says: “${said}”` : ''}`,
      );
  }
}

/** `VcenterVmGuestProcessesInfo` (and `Summary` with its pid): snake case on the wire. */
type WireProcess = Pick<GuestProcessInfo, 'name' | 'owner' | 'command' | 'started' | 'finished'> & {
  pid?: number;
  exit_code?: number;
};

const toInfo = (pid: number, p: WireProcess): GuestProcessInfo => ({
  pid,
  name: p.name,
  owner: p.owner,
  command: p.command,
  started: p.started,
  ...(p.finished ? { finished: p.finished } : {}),
  ...(typeof p.exit_code === 'number' ? { exitCode: p.exit_code } : {}),
});

export function createVcenterGuest(api: VcenterApi, http: HttpClient): GuestOperations {
  const call = async (machine: Machine, what: string, path: string, action: string, payload: unknown) => {
    const answer: VcenterAnswer = await api.post(
      vmPath(machine.vendorId, path),
      { action },
      undefined,
      payload,
    );
    if (!answer.ok) throw guestRefusal(machine.name, what, answer.response);
    return answer.value;
  };
  return {
    async family(machine) {
      const answer = await api.read(vmPath(machine.vendorId, '/guest/identity'), undefined, { once: true });
      if (!answer.ok) throw guestRefusal(machine.name, 'run a program', answer.response);
      const family = (answer.value as { family?: string }).family;
      return family === 'LINUX' || family === 'WINDOWS' ? family : ('OTHER' satisfies GuestFamily);
    },
    async createTemporaryFile(machine, who, prefix, suffix) {
      return String(
        await call(
          machine,
          'create a temporary file',
          '/guest/filesystem/files',
          'createTemporary',
          body(who, { prefix, suffix }),
        ),
      );
    },
    async start(machine, who, program) {
      const spec = {
        path: program.path,
        ...(program.arguments ? { arguments: program.arguments } : {}),
        ...(program.workingDirectory ? { working_directory: program.workingDirectory } : {}),
        ...(program.environment ? { environment_variables: program.environment } : {}),
      };
      return Number(
        await call(machine, 'start a program', '/guest/processes', 'create', body(who, { spec })),
      );
    },
    async process(machine, who, pid) {
      const info = (await call(
        machine,
        'follow a program',
        `/guest/processes/${pid}`,
        'get',
        body(who),
      )) as WireProcess;
      return toInfo(pid, info);
    },
    async processes(machine, who) {
      const list = (await call(
        machine,
        'list the processes',
        '/guest/processes',
        'list',
        body(who),
      )) as WireProcess[];
      return list.map((p) => toInfo(p.pid ?? 0, p));
    },
    async kill(machine, who, pid) {
      await call(machine, `end process ${pid}`, `/guest/processes/${pid}`, 'delete', body(who));
    },
    async readFile(machine, who, path, limitBytes) {
      const url = String(
        await call(machine, 'read a file', '/guest/filesystem', 'create', body(who, { spec: { path } })),
      );
      const target = new URL(url);
      // The transfer URL is on the host that runs the machine; only the profile's own trust is known here.
      if (target.origin !== http.baseUrl.origin)
        throw new VantageError(
          'UNSUPPORTED',
          `vCenter hands ${machine.name}'s file out through ${target.host}, which Vantage does not trust yet.`,
        );
      const response = await http.send({
        method: 'GET',
        path: target.pathname,
        query: Object.fromEntries(target.searchParams),
        authenticate: false,
        raw: true,
      });
      if (response.status !== 200) throw guestRefusal(machine.name, 'read a file', response);
      const bytes = Buffer.from(response.text);
      return bytes.length > limitBytes
        ? { text: bytes.subarray(0, limitBytes).toString('utf8'), truncated: true }
        : { text: response.text, truncated: false };
    },
    async deleteFile(machine, who, path) {
      await call(
        machine,
        'delete a file',
        `/guest/filesystem/files/${encodeURIComponent(path)}`,
        'delete',
        body(who),
      );
    },
  };
}
