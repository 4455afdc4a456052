import type { LabContext } from '../core/types';
import type { IrSession, WirClient } from './data';

/** A VM runs on the appliance (appliance_ir, or a WIR client hosted there) and so has a VNC port on it. */
export function consoleKey(item: IrSession | WirClient): { key: string; label: string } | undefined {
  if ('type' in item) {
    if (item.type !== 'appliance_ir' || item.status !== 'available') return undefined;
    return { key: `unitrends:${item.systemId}:${item.id}`, label: item.vmName };
  }
  if (item.hypervisorType !== 'Unitrends appliance' || (item.state !== 'audit' && item.state !== 'live'))
    return undefined;
  return { key: `unitrends:${item.systemId}:${item.id}`, label: item.vmName };
}

/** The VNC port from the lab's console registry; an Error when the registry cannot open one. */
export async function consolePort(
  ctx: LabContext,
  item: IrSession | WirClient,
): Promise<number | undefined | Error> {
  const endpoint = consoleKey(item);
  if (!endpoint) return undefined;
  try {
    return (await ctx.consoles.open(endpoint.key, endpoint.label)).port;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
