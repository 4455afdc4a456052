import { VantageError } from '../../../common/errors';
import type {
  RecoveryCandidate,
  RecoverySession,
  RecoveryTarget,
  SessionType,
  StartRecovery,
} from '../../../common/sessions';
import type { HttpClient } from '../../net/http-client';
import type { RecoveryConnector } from '../types';
import { catalogBackups } from './catalog';
import type { UnitrendsRead } from './inventory';
import { parseVendorId } from './mapping';
import { expectChange, expectDone } from './refusals';
import { sessionActions } from './session-actions';
import {
  IR_TYPES,
  itemsOf,
  type IrItem,
  type SystemRow,
  type VirtualClientsAnswer,
  type WirItem,
} from './wire';

interface Options {
  profileId: string;
  label: string;
  sid: number | undefined;
  read: UnitrendsRead;
  http: HttpClient;
}

/** A backed-up client as `/api/virtual_clients/candidates` lists it. */
interface CandidateItem {
  client_id?: number;
  client_name?: string;
  client_os?: string;
  client_os_id?: number;
  backup_id?: number;
}

const UNDER_WAY = new Set(['creating', 'migrating', 'tearing down']);

/** PHP `date("m/d/Y h:i:sA")`, e.g. "10/31/2014 01:08:43PM", read as UTC (the appliance does not say its zone). */
export function parseUsDateTime(text: string | undefined): string | undefined {
  const m = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d) ?(AM|PM)$/i.exec(text ?? '');
  if (!m) return undefined;
  const [, mo, d, y, h, mi, s, half] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const hours = (Number(h) % 12) + (half.toUpperCase() === 'PM' ? 12 : 0);
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), hours, Number(mi), Number(s))).toISOString();
}

/** Instant recovery and replicas of one appliance: listing, candidates, targets, start, actions, tear down. */
export function createUnitrendsRecovery(options: Options): RecoveryConnector {
  const { read, http, label, sid } = options;
  const idOf = (type: SessionType, id: number | undefined, systemId: number): string =>
    `${options.profileId}/${id ?? ''}.${type}${sid === undefined ? `@${systemId}` : ''}`;

  const session = (
    row: SystemRow,
    type: SessionType,
    item: WirItem & IrItem & { port?: unknown },
  ): RecoverySession => {
    const systemId = row.system_id ?? sid ?? 0;
    const base = {
      id: idOf(type, item.id, systemId),
      profileId: options.profileId,
      profileName: label,
      systemId,
      systemName: row.system_name ?? `system ${systemId}`,
      type,
      vendorId: item.id ?? 0,
      name: item.vm_name ?? `${item.id ?? '?'}.${type}`,
      host: item.server_name ?? '',
    };
    if (type === 'wir') {
      const mode = item.mode ?? '';
      const address = item.ip_address ?? item.ip_addr;
      return {
        ...base,
        mode,
        status: item.valid === false ? 'not valid' : 'valid',
        ...(item.pending_state ? { pending: item.pending_state } : {}),
        ...(address ? { address } : {}),
        ...(item.last_message ? { comment: item.last_message } : {}),
        hasConsole:
          (item as { hypervisor_type?: string }).hypervisor_type === 'Unitrends appliance' &&
          (mode === 'audit' || mode === 'live') &&
          !item.pending_state,
        changing: Boolean(item.pending_state),
      };
    }
    const status = item.status ?? '';
    const created = parseUsDateTime(item.created);
    return {
      ...base,
      mode: item.mode ?? '',
      status,
      ...(UNDER_WAY.has(status) ? { pending: status } : {}),
      ...(created ? { created } : {}),
      ...(item.comment ? { comment: item.comment } : {}),
      hasConsole: type === 'appliance_ir' && status === 'available' && item.port !== undefined,
      changing: UNDER_WAY.has(status),
    };
  };

  const listing = async (system: number | undefined, type?: SessionType): Promise<RecoverySession[]> => {
    const answer = (await read('api/virtual_clients', { sid: system, type })) as VirtualClientsAnswer;
    if (!Array.isArray(answer?.data))
      throw new VantageError('UPSTREAM', `${label} answered the session listing without data.`, {
        body: answer,
      });
    return answer.data.flatMap((row) =>
      (['wir', ...IR_TYPES] as const).flatMap((t) =>
        itemsOf<WirItem & IrItem>(row[t] as never).map((item) => session(row, t, item)),
      ),
    );
  };

  const refOf = (s: Pick<RecoverySession, 'type' | 'vendorId' | 'systemId'>) => ({
    path: `api/virtual_clients/${s.vendorId}`,
    query: { sid: s.systemId },
  });

  /** `PUT /api/virtual_clients/<op>/<id>`, or `.../<id>` itself (no op) to change the replica. */
  const put = async (s: RecoverySession, op: string, what: string, json?: unknown): Promise<void> => {
    const response = await http.send({
      method: 'PUT',
      path: `api/virtual_clients/${op ? `${op}/` : ''}${s.vendorId}`,
      query: { sid: s.systemId },
      ...(json === undefined ? {} : { json }),
    });
    expectChange(response, label, what);
  };

  return {
    listSessions: () => listing(sid),

    async readSession(id) {
      const ref = parseVendorId(id.slice(options.profileId.length + 1));
      const system = ref.sid ?? sid;
      const all = await listing(system, ref.type);
      return all.find((s) => s.vendorId === ref.id && s.type === ref.type);
    },

    async sessionRecords(s) {
      const { path, query } = refOf(s);
      const [details, state, history] = await Promise.all([
        read(`${path}/details`, { ...query, type: s.type }),
        s.type === 'wir' ? read(`${path}/state`, query) : undefined,
        s.type === 'wir' ? read(`${path}/backup_history`, query) : undefined,
      ]);
      return {
        details,
        ...(state === undefined ? {} : { state }),
        ...(history === undefined ? {} : { backupHistory: history }),
      };
    },

    actions: sessionActions,

    async perform(s, actionId, opts) {
      switch (actionId) {
        case 'audit-start':
          return put(s, 'audit/start', 'start audit mode', { powerOn: true });
        case 'audit-stop':
          return put(s, 'audit/stop', 'stop audit mode');
        case 'live-start':
          return put(s, 'live/start', 'go live');
        case 'live-stop':
          return put(s, 'live/stop', 'stop live mode');
        case 'restores-start':
          return put(s, 'restores/start', 'apply new backups');
        case 'restores-stop':
          return put(s, 'restores/stop', 'stop applying new backups');
        case 'modify': {
          const client: Record<string, unknown> = {};
          if (opts.processors !== undefined) client.processors = opts.processors;
          if (opts.memory !== undefined) client.memory = opts.memory;
          if (opts.auditVerify !== undefined) client.audit_verify = opts.auditVerify ? 1 : 0;
          return put(s, '', 'change the replica', { client });
        }
        case 'teardown':
        case 'force-teardown': {
          const { path, query } = refOf(s);
          const json =
            s.type === 'wir'
              ? { type: 'wir', deleteFromHypervisor: 1 }
              : { type: s.type, force: actionId === 'force-teardown' ? 1 : 0 };
          expectDone(
            await http.send({ method: 'DELETE', path, query, json }),
            label,
            s.type === 'wir' ? 'delete the replica' : 'tear the session down',
          );
          return;
        }
        default:
          throw new VantageError('UNSUPPORTED', `Sessions have no action “${actionId}”.`);
      }
    },

    async candidates() {
      const answer = (await read('api/virtual_clients/candidates', { sid })) as {
        data?: { system_id?: number; system_name?: string; candidates?: CandidateItem[] }[];
      };
      return (answer?.data ?? []).flatMap((row) =>
        (row.candidates ?? []).flatMap((c): RecoveryCandidate[] => {
          const systemId = row.system_id ?? sid ?? 0;
          const clientId = Number(c.client_id);
          const backupId = Number(c.backup_id);
          // A client without a backup cannot be recovered.
          if (!Number.isFinite(clientId) || !Number.isFinite(backupId)) return [];
          return [
            {
              id: `${options.profileId}/${clientId}@${systemId}`,
              profileId: options.profileId,
              profileName: label,
              systemId,
              systemName: row.system_name ?? `system ${systemId}`,
              clientId,
              name: c.client_name ?? String(clientId),
              os: c.client_os ?? '',
              osId: Number(c.client_os_id ?? 0),
              backupId,
            },
          ];
        }),
      );
    },

    backups: (candidate) => catalogBackups(read, candidate),

    async targets(candidate) {
      const query = { sid: candidate.systemId, efi: 0 };
      const [vmware, hyperv] = await Promise.all([
        read('api/virtual_clients/targets', { ...query, type: 'VMware' }),
        read('api/virtual_clients/targets', { ...query, type: 'Hyper-V', os_id: candidate.osId }),
      ]);
      const hosts = (answer: unknown, kind: RecoveryTarget['kind']): RecoveryTarget[] =>
        (
          (
            answer as {
              targets?: { name?: string; datastores?: { name?: string; size?: number; free?: number }[] }[];
            }
          )?.targets ?? []
        ).map((t) => ({
          kind,
          host: t.name ?? '',
          stores: (t.datastores ?? []).map((d) => ({
            name: d.name ?? '',
            freeMB: d.free ?? 0,
            sizeMB: d.size ?? 0,
          })),
        }));
      return [
        ...hosts(vmware, 'VMware'),
        ...hosts(hyperv, 'Hyper-V'),
        { kind: 'appliance', host: candidate.systemName, stores: [] },
      ];
    },

    async start(candidate, request: StartRecovery) {
      const target: Record<string, string> = { name: request.name };
      if (request.target.kind !== 'appliance') {
        target.host = request.target.host ?? '';
        target[request.target.kind === 'VMware' ? 'datastore' : 'directory'] = request.target.store ?? '';
      }
      const response = await http.send({
        method: 'POST',
        path: 'api/restore/instant',
        query: { sid: candidate.systemId },
        json: {
          backup_id: request.backupId,
          audit: request.audit,
          poweron: request.powerOn,
          ...(request.address ? { address: request.address } : {}),
          target,
        },
      });
      const body = expectDone(response, label, `start an instant recovery of ${candidate.name}`).body as {
        result?: { id?: number; virtual_id?: string }[];
      };
      const created = body?.result?.[0];
      const type = created?.virtual_id?.split('.')[1] as SessionType | undefined;
      if (created?.id === undefined || !type)
        throw new VantageError(
          'UPSTREAM',
          `${label} started the recovery but did not say which session it is.`,
          {
            body,
          },
        );
      return idOf(type, created.id, candidate.systemId);
    },
  };
}
