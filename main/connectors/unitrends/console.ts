import { VantageError } from '../../../common/errors';
import type { Connector } from '../types';
import { parsePort } from '../console-port';
import type { UnitrendsRead } from './inventory';
import { parseVendorId } from './mapping';

interface ConsoleDetails {
  port?: unknown;
  hypervisor_type?: string;
  virtual_client?: { port?: unknown; hypervisor_type?: string };
}

/** The appliance's host name from the profile's address (`https://ueb01.example/` → `ueb01.example`). */
export function applianceHost(baseUrl: string): string {
  return new URL(baseUrl).hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Virtual machines the appliance runs itself (appliance_ir sessions, and WIR clients hosted on the appliance) have
 * a raw VNC port on the appliance, given as `port` in their details (four-vendors.md §3.5). No password comes
 * with it: the user gives it once (and may keep it in the keychain). Machines on ESX or Hyper-V use their
 * hypervisor's console instead.
 */
export function createUnitrendsConsole(options: {
  read: UnitrendsRead;
  label: string;
  sid: number | undefined;
  baseUrl: string;
}): Required<Pick<Connector, 'console'>> {
  return {
    async console(machine) {
      const ref = parseVendorId(machine.vendorId);
      if (ref.type === 'vm_ir' || ref.type === 'hv_ir')
        throw new VantageError(
          'UNSUPPORTED',
          `${machine.name} runs on a VMware or Hyper-V host: open its console there.`,
        );
      const answer = (await options.read(`api/virtual_clients/${ref.id}/details`, {
        type: ref.type,
        sid: ref.sid ?? options.sid,
      })) as ConsoleDetails | unknown[];
      if (Array.isArray(answer))
        throw new VantageError('NOT_FOUND', `${machine.name} is no longer on ${options.label}.`);
      const item = answer.virtual_client ?? answer;
      const port = parsePort(item.port);
      if (port !== undefined) return { kind: 'vnc', host: applianceHost(options.baseUrl), port };
      if (item.hypervisor_type && item.hypervisor_type !== 'Unitrends appliance')
        throw new VantageError(
          'UNSUPPORTED',
          `${machine.name} runs on ${item.hypervisor_type === 'Hyper-V Host' ? 'a Hyper-V' : 'an ESX'} host: open its console there.`,
        );
      throw new VantageError(
        'CONFLICT',
        `${options.label} serves no console for ${machine.name} right now: it has one only while it runs (audit or live mode, or an available session).`,
      );
    },
  };
}
