import type { LabContext, LabRequest, LabResponse } from '../core/types';
import { intval, jsonBody, truthy } from './body';
import { backupOwner, type IrSession, type IrType, type UnitrendsData, type UnitrendsSystem } from './data';
import { handlerError } from './errors';
import { systemFor } from './lookup';
import type { Route } from './routing';
import { beginCreate } from './state';

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * POST /api/restore/instant/?sid=: `{backup_id, audit, poweron, address, target: {host, name, datastore|directory}}`
 * (pstoolkit Start-UebIr). The target says where the VM runs: a `datastore` on an ESX host gives a vm_ir session, a
 * Hyper-V `directory` an hv_ir one, neither an appliance_ir one on the appliance itself.
 */
function startInstantRecovery(
  data: UnitrendsData,
  system: UnitrendsSystem,
  req: LabRequest,
  ctx: LabContext,
): LabResponse {
  const body = jsonBody(req);
  const backupId = intval(body.backup_id);
  const candidate = backupOwner(data, backupId);
  if (!candidate || candidate.systemId !== system.id)
    return handlerError(`Backup ${backupId} was not found on ${system.name}.`);
  const target = (typeof body.target === 'object' && body.target !== null ? body.target : {}) as Record<
    string,
    unknown
  >;
  const type: IrType = text(target.datastore) ? 'vm_ir' : text(target.directory) ? 'hv_ir' : 'appliance_ir';
  const name = text(target.name);
  const host = text(target.host);
  if (!name || (type !== 'appliance_ir' && !host)) return handlerError('Specify the target host and name.');
  // The backup is mounted (NFS) for the session that uses it: one instant recovery per backup at a time.
  const holder = [...data.sessions.values()].find((s) => s.backupId === backupId && s.goneAt === undefined);
  if (holder)
    return handlerError(
      `Backup ${backupId} is busy: instant recovery session ${holder.id}.${holder.type} uses it.`,
    );
  const rng = ctx.rng.fork(`session-${data.nextId}`);
  const session: IrSession = {
    id: data.nextId++,
    type,
    systemId: system.id,
    clientName: candidate.name,
    vmName: name,
    serverName: type === 'appliance_ir' ? system.name : host,
    audit: truthy(body.audit),
    status: 'creating',
    createdAt: ctx.clock.now(),
    detail: `Recovering ${candidate.name} from backup ${backupId}.`,
    backupId,
    ...(type === 'vm_ir' ? { moref: rng.int(100, 9999) } : { guid: rng.uuid().toUpperCase() }),
  };
  beginCreate(session, ctx.clock);
  data.sessions.set(session.id, session);
  return { status: 201, body: { result: [{ id: session.id, virtual_id: `${session.id}.${type}` }] } };
}

export function restoreRoutes(route: Route, data: UnitrendsData, ctx: LabContext): void {
  route('POST', '/restore/instant', (req) => {
    const system = systemFor(data, req);
    return system.ok ? startInstantRecovery(data, system.value, req, ctx) : system.response;
  });
}
