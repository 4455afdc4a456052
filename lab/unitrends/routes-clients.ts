import type { LabContext, LabResponse } from '../core/types';
import { consolePort } from './consoles';
import {
  VIRTUAL_TYPES,
  type UnitrendsData,
  type UnitrendsSystem,
  type VirtualType,
  type WirClient,
} from './data';
import { fail, handlerError, ok, type Outcome } from './errors';
import { findTarget, systemsFor, type Target } from './lookup';
import type { Route } from './routing';
import { sessionsOf, settle } from './state';
import { backupJson, candidateJson, irJson, wirDetailsJson, wirJson, wirStateJson } from './views';

/** The appliance stamps `data` listings with the time they were made (wiki get_virtual_clients example). */
const listing = (data: unknown[], now: number): LabResponse => ({
  status: 200,
  body: { data, timestamp: Math.floor(now / 1000) },
});

/** State and backup history belong to WIR virtual clients only. */
function wirOnly(target: Outcome<Target>, id: string): Outcome<WirClient> {
  if (!target.ok) return target;
  return target.value.kind === 'wir'
    ? ok(target.value.client)
    : fail(404, `${id} is an instant recovery session, not a virtual client.`);
}

const consoleFailure = (error: Error): LabResponse =>
  handlerError(`Cannot open the VNC console: ${error.message}`);

export function clientRoutes(route: Route, data: UnitrendsData, ctx: LabContext): void {
  const now = (): number => ctx.clock.now();

  /** One system's key for one type; appliance_ir items carry their VNC port when one can be opened. */
  const typeItems = async (system: UnitrendsSystem, type: VirtualType): Promise<unknown[]> => {
    const at = now();
    if (type === 'wir')
      return [...data.wirClients.values()]
        .filter((c) => c.systemId === system.id)
        .map((c) => wirJson(settle(c, at)));
    const sessions = sessionsOf(data, system.id, at).filter((s) => s.type === type);
    return Promise.all(
      sessions.map(async (s) => {
        const port = await consolePort(ctx, s);
        // A listing does not fail for one console: the port is simply left out ("if exists").
        return irJson(s, at, typeof port === 'number' ? port : undefined);
      }),
    );
  };

  route('GET', '/virtual_clients', async (req) => {
    const systems = systemsFor(data, req);
    if (!systems.ok) return systems.response;
    const type = req.query.get('type');
    // An unknown type leaves only system_id and system_name, as the PHP switch does.
    const types = type === null ? VIRTUAL_TYPES : VIRTUAL_TYPES.filter((t) => t === type);
    const rows = await Promise.all(
      systems.value.map(async (system) => {
        const row: Record<string, unknown> = { system_id: system.id, system_name: system.name };
        for (const t of types) row[t] = await typeItems(system, t);
        return row;
      }),
    );
    return listing(rows, now());
  });

  route('GET', '/virtual_clients/supported', (req) => {
    const systems = systemsFor(data, req);
    if (!systems.ok) return systems.response;
    const wir = systems.value.map((s) => ({ system_id: s.id, system_name: s.name, supported: s.supported }));
    return { status: 200, body: { wir } };
  });

  route('GET', '/virtual_clients/candidates', (req) => {
    const systems = systemsFor(data, req);
    if (!systems.ok) return systems.response;
    return listing(
      systems.value.map((s) => {
        const candidates = data.candidatesBySystem.get(s.id) ?? [];
        // PHP only creates the `candidates` key when it appends the first one.
        return {
          system_id: s.id,
          system_name: s.name,
          ...(candidates.length ? { candidates: candidates.map(candidateJson) } : {}),
        };
      }),
      now(),
    );
  });

  route('GET', '/virtual_clients/targets', (req) => {
    const type = req.query.get('type');
    if (type === null) return handlerError('Specify the type of location.');
    if (type !== 'VMware' && type !== 'Hyper-V')
      return handlerError('Specify the appropriate type of location.');
    if (type === 'Hyper-V' && !req.query.get('os_id') && !req.query.get('cid'))
      return handlerError('Specify the OS or client ID.');
    const efi = req.query.get('efi') === '1';
    const targets = data.targets
      .filter((t) => t.hypervisor === type && (!efi || t.efi))
      .map((t) => ({
        id: t.id,
        name: t.name,
        ...(type === 'VMware' ? { parent_id: t.parentId } : { application: 'Hyper-V 2019' }),
        datastores: t.datastores,
        ...(type === 'VMware' ? { groups: [] } : {}),
        capabilities: { supports_wir: true, supports_efi: t.efi },
      }));
    // PHP builds `targets` by appending: no match means an empty object.
    return { status: 200, body: targets.length ? { targets } : {} };
  });

  // The PHP handler has no answer for a bare id (no sub-resource): an empty array.
  route('GET', '/virtual_clients/:id', () => ({ status: 200, body: [] }));

  route('GET', '/virtual_clients/:id/details', async (req) => {
    const type = req.query.get('type') ?? 'wir';
    const target = findTarget(data, req, ctx);
    // get_virtual_clients_details answers an empty array when nothing of that type has the id.
    if (!target.ok) return { status: 200, body: [] };
    const item = target.value.kind === 'wir' ? target.value.client : target.value.session;
    if ((target.value.kind === 'wir' ? 'wir' : target.value.session.type) !== type)
      return { status: 200, body: [] };
    const port = await consolePort(ctx, item);
    if (port instanceof Error) return consoleFailure(port);
    const body =
      target.value.kind === 'wir'
        ? wirDetailsJson(target.value.client, port)
        : irJson(target.value.session, now(), port);
    return { status: 200, body };
  });

  route('GET', '/virtual_clients/:id/state', (req) => {
    const client = wirOnly(findTarget(data, req, ctx), req.params.id ?? '');
    return client.ok ? { status: 200, body: wirStateJson(client.value) } : client.response;
  });

  route('GET', '/virtual_clients/:id/backup_history', (req) => {
    const found = wirOnly(findTarget(data, req, ctx), req.params.id ?? '');
    if (!found.ok) return found.response;
    const client = found.value;
    const candidate = data.candidatesByClient.get(client.clientId);
    if (!candidate) return handlerError(`Client ${client.clientId} has no backups.`);
    const [previous, latest] = candidate.backupIds.slice(-2) as [number, number];
    const behind = client.state === 'restore' || client.restoresDisabled;
    const render = (id: number, running: boolean) => backupJson(candidate, id, data.epoch, running);
    // PHP only creates `last` and `pending` when it appends to them.
    return {
      status: 200,
      body: behind
        ? { last: [render(previous, false)], pending: [render(latest, client.state === 'restore')] }
        : { last: [render(latest, false)] },
    };
  });
}
