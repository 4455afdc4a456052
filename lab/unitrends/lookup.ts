import type { LabContext, LabRequest } from '../core/types';
import { intval } from './body';
import { LOCAL_SID, type IrSession, type UnitrendsData, type UnitrendsSystem, type WirClient } from './data';
import { fail, ok, type Outcome } from './errors';
import { liveSession, wirOf } from './state';

/** `?sid=`: without it GETs cover every system the user sees; a bad one is refused. */
export function systemsFor(data: UnitrendsData, req: LabRequest): Outcome<UnitrendsSystem[]> {
  const raw = req.query.get('sid');
  if (raw === null || raw === '') return ok(data.systems);
  const system = data.systems.find((s) => s.id === intval(raw));
  return system ? ok([system]) : fail(500, `Invalid system ID: ${raw}.`);
}

/** The one system a change applies to: `?sid=`, or the local appliance. */
export function systemFor(data: UnitrendsData, req: LabRequest): Outcome<UnitrendsSystem> {
  const systems = systemsFor(data, req);
  if (!systems.ok) return systems;
  const sid = req.query.get('sid') ? systems.value[0] : data.systems.find((s) => s.id === LOCAL_SID);
  return sid ? ok(sid) : fail(500, 'No local system.');
}

export type Target = { kind: 'wir'; client: WirClient } | { kind: 'ir'; session: IrSession };

/** A virtual client or IR session by path id ("12.vm_ir" and "12" alike), on the `?sid=` system when given. */
export function findTarget(data: UnitrendsData, req: LabRequest, ctx: LabContext): Outcome<Target> {
  const raw = req.params.id ?? '';
  const id = intval(raw);
  const now = ctx.clock.now();
  const sid = req.query.get('sid');
  const onSystem = (systemId: number): boolean => !sid || intval(sid) === systemId;
  const client = wirOf(data, id, now);
  if (client && onSystem(client.systemId)) return ok({ kind: 'wir', client });
  const session = liveSession(data, id, now);
  if (session && onSystem(session.systemId)) return ok({ kind: 'ir', session });
  return fail(404, `Virtual client ${raw} was not found.`);
}

export const systemName = (data: UnitrendsData, id: number): string =>
  data.systems.find((s) => s.id === id)?.name ?? `system-${id}`;
