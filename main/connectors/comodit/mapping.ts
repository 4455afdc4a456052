import type { Machine, PowerState } from '../../../common/machines';
import { vendorIdOf } from './paths';
import type { ComoditHost, ComoditInstance, ComoditProperty } from './records';

/** Instance states (instance.html); PENDING is a start or a provisioning under way. */
const POWER: Readonly<Record<string, PowerState>> = {
  RUNNING: 'running',
  STOPPED: 'stopped',
  PAUSED: 'paused',
  PENDING: 'transitioning',
  UNDEFINED: 'unknown',
};

export const powerOf = (state: string): PowerState => POWER[state] ?? 'unknown';

function positive(value: string): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** `ip.<iface>` properties and `publicIp` (comodit-client `Instance.get_ip`); `vcpus` and `memory` in MiB. */
function readProperties(properties: readonly ComoditProperty[] | undefined) {
  const addresses: string[] = [];
  let cpu: number | undefined;
  let memoryMiB: number | undefined;
  if (properties)
    for (const { key, value } of properties) {
      if (key.startsWith('ip.') || key === 'publicIp') {
        if (value && !addresses.includes(value)) addresses.push(value);
      } else if (key === 'vcpus') cpu = positive(value);
      else if (key === 'memory') memoryMiB = positive(value);
    }
  return { addresses, cpu, memoryMiB };
}

/** One host's instance as a row of the inventory. */
export function toMachine(
  profileId: string,
  host: ComoditHost,
  instance: ComoditInstance,
  updatedAt: string,
): Machine {
  const { addresses, cpu, memoryMiB } = readProperties(instance.properties);
  const vendorId = vendorIdOf({
    organization: host.organization,
    environment: host.environment,
    host: host.name,
  });
  return {
    id: `${profileId}/${vendorId}`,
    profileId,
    vendor: 'comodit',
    vendorId,
    kind: 'instance',
    name: host.name,
    power: powerOf(instance.state),
    vendorState: instance.state,
    // The platform is where ComodIT provisioned the instance (a hypervisor or a cloud); the environment otherwise.
    host: host.platform || host.environment,
    addresses,
    cpu,
    memoryMiB,
    os: host.distribution || undefined,
    tags: [host.organization, host.environment],
    scope: [host.organization, host.environment],
    updatedAt,
  };
}

/** The instance properties as `{key: value}`, easier to read in the detail pane than a list of pairs. */
export function propertyMap(instance: ComoditInstance): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { key, value } of instance.properties ?? []) map[key] = value;
  return map;
}
