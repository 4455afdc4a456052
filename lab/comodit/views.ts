import { blueprint, type Environment, type Host, type Instance, type Organization } from './data';
import { hostState, shownState } from './state';

/** GET /organizations/{org} (fixture organization_get.json). */
export const organizationJson = (org: Organization) => ({
  name: org.name,
  description: org.description,
  version: org.version,
  environments: org.environments.map((e) => e.name),
  groups: org.groups,
  settings: [],
  access: { accessKey: org.accessKey, secretKey: org.secretKey },
});

/** GET .../environments/{env} (fixture environment_get.json). */
export const environmentJson = (env: Environment) => ({
  name: env.name,
  description: env.description,
  version: env.version,
  organization: env.org.name,
  hosts: env.hosts.map((h) => h.name),
  settings: [],
});

/** GET .../hosts/{host} (fixture host_get.json). */
export const hostJson = (host: Host, now: number) => ({
  name: host.name,
  description: host.description,
  version: host.version,
  organization: host.org.name,
  environment: host.env.name,
  platform: host.platform,
  distribution: host.distribution,
  applications: host.applications,
  settings: [],
  state: hostState(host, now),
});

/** GET .../instance (fixture instance_get.json, plus the `hostname` and `locked` fields comodit-client reads). */
export const instanceJson = (host: Host, instance: Instance) => ({
  organization: host.org.name,
  environment: host.env.name,
  host: host.name,
  state: shownState(instance),
  properties: instance.properties ?? blueprint(host),
  synapseState: instance.agentUp ? 'Up' : 'Down',
  hostname: `${host.name}.${host.env.name.toLowerCase()}.${host.org.name.toLowerCase().replace(/\s+/g, '-')}.lab`,
  locked: instance.locked,
});
