import {
  BACKUP_ID_BASE,
  BACKUPS_PER_CLIENT,
  type Candidate,
  type IrSession,
  type UnitrendsSystem,
  type WirClient,
} from './data';

const pad = (n: number): string => String(n).padStart(2, '0');

function twelveHour(date: Date): { hh: string; suffix: 'AM' | 'PM' } {
  const hours = date.getUTCHours();
  return { hh: pad(hours % 12 === 0 ? 12 : hours % 12), suffix: hours < 12 ? 'AM' : 'PM' };
}

/** PHP `date("m/d/Y h:i:sA")` (Constants::DATE_TIME_FORMAT_US), e.g. "10/31/2014 01:08:43PM"; the lab runs in UTC. */
export function usDateTime(ms: number): string {
  const d = new Date(ms);
  const { hh, suffix } = twelveHour(d);
  return `${usDate(ms)} ${hh}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${suffix}`;
}

export function usDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

function usTime(ms: number): string {
  const d = new Date(ms);
  const { hh, suffix } = twelveHour(d);
  return `${hh}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${suffix}`;
}

/** `VirtualClients::get_duration`, quirks included: "1d 2h 5m", "3h " (trailing space when minutes are 0), "<1m". */
export function duration(elapsedMs: number): string {
  const elapsed = Math.max(0, Math.floor(elapsedMs / 1000));
  const days = Math.floor(elapsed / 86_400);
  const hours = Math.floor(elapsed / 3600) % 24;
  const minutes = Math.floor(elapsed / 60) % 60;
  let out = '';
  if (days > 0) out += `${days}d `;
  if (hours > 0) out += `${hours}h `;
  if (minutes > 0) out += `${minutes}m`;
  return out === '' ? '<1m' : out;
}

export const systemJson = (s: UnitrendsSystem) => ({
  id: s.id,
  name: s.name,
  host: s.host,
  role: s.role,
  status: s.status,
  local: s.local,
  version: s.version,
});

/** A WIR list item (`get_wir_clients`). */
export function wirJson(c: WirClient) {
  return {
    virtual_id: `${c.id}.wir`,
    id: c.id,
    type: 'wir' as const,
    hypervisor_type: c.hypervisorType,
    vm_name: c.vmName,
    server_name: c.serverName,
    last_message: c.lastMessage,
    mode: c.state,
    ...(c.pendingState ? { pending_state: c.pendingState } : {}),
    valid: c.valid,
    ...(c.liveTime !== undefined ? { live_time: usDateTime(c.liveTime) } : {}),
    ...(c.ip ? { ip_address: c.ip } : {}),
    ...(c.vmGuid ? { vm_guid: c.vmGuid } : {}),
    grandclient: c.source !== undefined,
    // The source system of a replicated ("grand") client.
    ...(c.source ? { system_id: c.source.systemId, system_name: c.source.systemName } : {}),
  };
}

/** GET /virtual_clients/{id}/details/?type=wir. */
export function wirDetailsJson(c: WirClient, port: number | undefined) {
  return {
    virtual_client: {
      virtual_id: `${c.id}.wir`,
      client_id: c.clientId,
      vm_name: c.vmName,
      processors: c.processors,
      memory: c.memory,
      included_volumes: c.includedVolumes,
      excluded_volumes: c.excludedVolumes,
      hypervisor_type: c.hypervisorType,
      last_message: c.lastMessage,
      ...(c.ip ? { ip_address: c.ip } : {}),
      ...(port !== undefined ? { port } : {}),
      audit_verify: c.auditVerify,
    },
  };
}

/** GET /virtual_clients/{id}/state/: the core state object. */
export const wirStateJson = (c: WirClient) => ({
  current_state: c.state,
  ...(c.pendingState ? { pending_state: c.pendingState } : {}),
  valid: c.valid,
  restores_disabled: c.restoresDisabled,
});

/** A vm_ir / hv_ir / appliance_ir list item (`get_vm_ir_clients` and siblings). */
export function irJson(s: IrSession, now: number, port: number | undefined) {
  return {
    virtual_id: `${s.id}.${s.type}`,
    id: s.id,
    type: s.type,
    vm_name: s.vmName,
    server_name: s.serverName,
    status: s.status,
    mode: s.audit ? 'Audit' : 'Instant Recovery',
    created: usDateTime(s.createdAt),
    duration: duration(now - s.createdAt),
    comment: s.detail,
    ...(s.type === 'vm_ir' ? { moref: s.moref ?? null } : {}),
    ...(s.guid !== undefined ? { GUID: s.guid } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}

export const candidateJson = (c: Candidate) => ({
  client_id: c.clientId,
  client_name: c.name,
  client_os_id: c.osId,
  client_os: c.os,
  ...(c.virtualId !== undefined ? { virtual_id: c.virtualId } : {}),
  backup_id: c.backupIds[c.backupIds.length - 1],
  ...(c.source ? { grandclient: true, system_id: c.source.systemId, system_name: c.source.systemName } : {}),
});

/** When a backup started (ms): one a day, the last the day before the lab started. */
export function backupStart(c: Candidate, backupId: number, epoch: number): number {
  const k = (backupId - BACKUP_ID_BASE) % BACKUPS_PER_CLIENT;
  return epoch - (BACKUPS_PER_CLIENT - k) * 86_400_000 + (c.clientId % 24) * 3_600_000;
}

/** A catalog backup (pstoolkit `Get-UebBackup`: `id`, `type`, `start_date`); the date in Unix seconds (a guess). */
export const catalogBackupJson = (c: Candidate, backupId: number, epoch: number) => ({
  id: backupId,
  type: (backupId - BACKUP_ID_BASE) % BACKUPS_PER_CLIENT === 0 ? 'Full' : 'Incremental',
  start_date: Math.floor(backupStart(c, backupId, epoch) / 1000),
});

/** One backup as `displayBackupItem` shows it; times are counted back from the lab's start. */
export function backupJson(c: Candidate, backupId: number, epoch: number, running: boolean) {
  const k = (backupId - BACKUP_ID_BASE) % BACKUPS_PER_CLIENT;
  const start = backupStart(c, backupId, epoch);
  return {
    type: k === 0 ? 'Full' : 'Incremental',
    id: backupId,
    client_name: c.name,
    date: usDate(start),
    time: usTime(start),
    size: `${k === 0 ? 20_000 + (c.clientId % 50) * 512 : 300 + (c.clientId % 40) * 16} MB`,
    files: k === 0 ? 150_000 + c.clientId * 7 : 1_200 + c.clientId,
    running: running ? '1' : '0',
  };
}
