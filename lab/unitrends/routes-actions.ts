import type { LabContext, LabRequest, LabResponse } from '../core/types';
import { intval, jsonBody, truthy } from './body';
import {
  VIRTUAL_TYPES,
  type HypervisorType,
  type IrSession,
  type UnitrendsData,
  type UnitrendsSystem,
  type WirClient,
  type WirState,
} from './data';
import { handlerError, unitrendsError } from './errors';
import { findTarget, systemFor, type Target } from './lookup';
import type { Route } from './routing';
import { beginMigration, beginTeardown, moveWir, type DurationName } from './state';

/** What the appliance returns for a change it made: the core's boolean result, as is. */
const done: LabResponse = { status: 200, body: true };
/** checkValidState: audit/live calls on a `new` or `halted` client do nothing and return an empty array. */
const nothing: LabResponse = { status: 200, body: [] };

interface WirMove {
  from: readonly WirState[];
  to: WirState;
  duration: DurationName;
}

const WIR_MOVES: Readonly<Record<string, WirMove>> = {
  'audit/start': { from: ['idle', 'restore'], to: 'audit', duration: 'wirAudit' },
  'audit/stop': { from: ['audit'], to: 'idle', duration: 'wirStop' },
  'live/start': { from: ['idle', 'restore', 'audit'], to: 'live', duration: 'wirLive' },
  'live/stop': { from: ['live'], to: 'idle', duration: 'wirStop' },
};

function moveVirtualClient(client: WirClient, op: string, ctx: LabContext): LabResponse {
  const move = WIR_MOVES[op];
  if (!move) return handlerError(`Unknown operation ${op}.`);
  if (client.state === 'new' || client.state === 'halted') return nothing;
  if (client.pendingState)
    return handlerError(`Virtual client ${client.id} is busy: it is going ${client.pendingState}.`);
  if (!move.from.includes(client.state))
    return handlerError(
      `Virtual client ${client.id} is in ${client.state} mode: cannot ${op.replace('/', ' ')}.`,
    );
  moveWir(client, move.to, ctx.clock, move.duration);
  return done;
}

/** IR sessions only go live (audit -> production storage); everything else ends with a DELETE. */
function moveSession(session: IrSession, op: string, ctx: LabContext): LabResponse {
  const id = `${session.id}.${session.type}`;
  if (op !== 'live/start')
    return handlerError(
      `${op.replace('/', ' ')} does not apply to instant recovery session ${id}: tear it down instead.`,
    );
  if (!session.audit) return handlerError(`Instant recovery session ${id} is already live.`);
  if (session.status !== 'available')
    return handlerError(`Instant recovery session ${id} is ${session.status}: it cannot go live now.`);
  beginMigration(session, ctx.clock);
  return done;
}

function restores(client: WirClient, enable: boolean): LabResponse {
  // Re-enabling needs a valid client (isValid); otherwise the call does nothing.
  if (enable && !client.valid) return nothing;
  client.restoresDisabled = !enable;
  return done;
}

function operate(target: Target, op: string, ctx: LabContext): LabResponse {
  if (op.startsWith('restores/')) {
    if (target.kind !== 'wir')
      return handlerError('Virtual restores apply to virtual failover clients only.');
    return restores(target.client, op === 'restores/start');
  }
  return target.kind === 'wir'
    ? moveVirtualClient(target.client, op, ctx)
    : moveSession(target.session, op, ctx);
}

/** DELETE /virtual_clients/{id}/ with `{"type": ...}`: delete a VFC or tear an IR session down. */
function remove(
  data: UnitrendsData,
  target: Target,
  body: Record<string, unknown>,
  ctx: LabContext,
): LabResponse {
  const type = body.type;
  if (target.kind === 'wir') {
    if (type !== 'wir')
      return unitrendsError(404, `There is no ${String(type)} with id ${target.client.id}.`);
    data.wirClients.delete(target.client.id);
    const candidate = data.candidatesByClient.get(target.client.clientId);
    if (candidate) delete candidate.virtualId;
    return done;
  }
  const session = target.session;
  if (type !== session.type) return unitrendsError(404, `There is no ${String(type)} with id ${session.id}.`);
  if (session.goneAt !== undefined) return done;
  // Without `force`, the appliance forces audit sessions only.
  const force = body.force === undefined ? session.audit : truthy(body.force);
  if (!force && (session.status === 'creating' || session.status === 'migrating'))
    return handlerError(
      `Instant recovery session ${session.id}.${session.type} is ${session.status}: retry with force.`,
    );
  beginTeardown(session, ctx.clock);
  return done;
}

const HYPERVISORS: readonly (readonly [infoKey: string, type: HypervisorType, supported: string])[] = [
  ['hyperv_host', 'Hyper-V Host', 'Hyper-V host'],
  ['esx_host', 'VMware Host', 'VMware host'],
];

/** POST /virtual_clients/?sid=: a new WIR virtual failover client for a Windows client. */
function createVirtualClient(
  data: UnitrendsData,
  system: UnitrendsSystem,
  req: LabRequest,
  ctx: LabContext,
): LabResponse {
  const spec = jsonBody(req).client;
  if (typeof spec !== 'object' || spec === null) return handlerError('Specify the client.');
  const fields = spec as Record<string, unknown>;
  const clientId = intval(fields.client_id);
  const candidate = data.candidatesByClient.get(clientId);
  if (!candidate || candidate.systemId !== system.id)
    return handlerError(`Client ${clientId} was not found on ${system.name}.`);
  if (!candidate.windows)
    return handlerError('Windows Failover Virtualization is only available for Windows clients.');
  if (candidate.virtualId !== undefined)
    return handlerError(`Client ${candidate.name} already has virtual client ${candidate.virtualId}.`);
  const info = (fields.hypervisor_info ?? {}) as Record<string, unknown>;
  const [infoKey, hypervisorType, needs] = HYPERVISORS.find(([key]) => key in info) ?? [
    undefined,
    'Unitrends appliance',
    'Unitrends appliance',
  ];
  if (!system.supported.includes(needs))
    return handlerError(`Windows Failover Virtualization is not supported on ${needs}.`);
  const client: WirClient = {
    id: data.nextId++,
    systemId: system.id,
    clientId,
    vmName: `${candidate.name}-vfc`,
    hypervisorType,
    serverName: infoKey ? String(info[infoKey]) : system.name,
    state: 'new',
    valid: false,
    restoresDisabled: false,
    ...(candidate.source ? { source: { ...candidate.source } } : {}),
    processors: intval(fields.processors) || 2,
    memory: intval(fields.memory) || 4096,
    includedVolumes: (typeof fields.include === 'string' ? fields.include : 'C:').split(','),
    excludedVolumes: typeof fields.exclude === 'string' ? fields.exclude.split(',') : [],
    lastMessage: 'Waiting for the first virtual restore.',
    auditVerify: intval(fields.audit_verify),
  };
  data.wirClients.set(client.id, client);
  candidate.virtualId = client.id;
  moveWir(client, 'idle', ctx.clock, 'wirRestore');
  return { status: 201, body: { result: [{ id: client.id }] } };
}

function modifyVirtualClient(target: Target, req: LabRequest): LabResponse {
  if (target.kind !== 'wir') return unitrendsError(404, `Virtual client ${target.session.id} was not found.`);
  const spec = jsonBody(req).client;
  if (typeof spec !== 'object' || spec === null) return nothing;
  const fields = spec as Record<string, unknown>;
  if (fields.processors !== undefined) target.client.processors = intval(fields.processors);
  if (fields.memory !== undefined) target.client.memory = intval(fields.memory);
  if (fields.audit_verify !== undefined) target.client.auditVerify = intval(fields.audit_verify);
  return done;
}

export function actionRoutes(route: Route, data: UnitrendsData, ctx: LabContext): void {
  for (const op of [
    'audit/start',
    'audit/stop',
    'live/start',
    'live/stop',
    'restores/start',
    'restores/stop',
  ]) {
    route('PUT', `/virtual_clients/${op}/:id`, (req) => {
      const target = findTarget(data, req, ctx);
      return target.ok ? operate(target.value, op, ctx) : target.response;
    });
  }
  const noId = (): LabResponse => handlerError('You must provide a virtual client ID.');
  route('PUT', '/virtual_clients', noId);
  route('DELETE', '/virtual_clients', noId);

  route('PUT', '/virtual_clients/:id', (req) => {
    const target = findTarget(data, req, ctx);
    return target.ok ? modifyVirtualClient(target.value, req) : target.response;
  });

  route('DELETE', '/virtual_clients/:id', (req) => {
    const body = jsonBody(req);
    if (body.type === undefined) return handlerError('Specify the type.');
    // An unknown type falls through the PHP switch: nothing happens.
    if (!VIRTUAL_TYPES.some((t) => t === body.type)) return nothing;
    const target = findTarget(data, req, ctx);
    return target.ok ? remove(data, target.value, body, ctx) : target.response;
  });

  route('POST', '/virtual_clients', (req) => {
    const system = systemFor(data, req);
    return system.ok ? createVirtualClient(data, system.value, req, ctx) : system.response;
  });
}
