import type { LabContext } from '../core/types';
import type { ComoditData, Host } from './data';
import { lookupEnv, lookupHost, lookupOrg } from './lookup';
import { collection } from './paging';
import type { Route } from './routing';
import { environmentJson, hostJson, organizationJson } from './views';

export const ORG = '/organizations/:org';
export const ENV = `${ORG}/environments/:env`;
export const HOST = `${ENV}/hosts/:host`;

/** Organizations, environments and hosts: read-only collections and entities. */
export function entityRoutes(route: Route, data: ComoditData, ctx: LabContext): void {
  const renderHost = (now: number) => (host: Host) => hostJson(host, now);

  route('GET', '/organizations', (req, user) =>
    collection(
      data.organizations.filter((o) => o.members.has(user.username)),
      req.query,
      organizationJson,
    ),
  );
  route('GET', ORG, (req, user) => {
    const org = lookupOrg(data, user, req);
    return org.ok ? { status: 200, body: organizationJson(org.value) } : org.response;
  });
  route('GET', `${ORG}/hosts`, (req, user) => {
    const org = lookupOrg(data, user, req);
    return org.ok ? collection(org.value.hosts, req.query, renderHost(ctx.clock.now())) : org.response;
  });
  route('GET', `${ORG}/environments`, (req, user) => {
    const org = lookupOrg(data, user, req);
    return org.ok ? collection(org.value.environments, req.query, environmentJson) : org.response;
  });
  route('GET', ENV, (req, user) => {
    const env = lookupEnv(data, user, req);
    return env.ok ? { status: 200, body: environmentJson(env.value) } : env.response;
  });
  route('GET', `${ENV}/hosts`, (req, user) => {
    const env = lookupEnv(data, user, req);
    return env.ok ? collection(env.value.hosts, req.query, renderHost(ctx.clock.now())) : env.response;
  });
  route('GET', HOST, (req, user) => {
    const host = lookupHost(data, user, req);
    return host.ok ? { status: 200, body: hostJson(host.value, ctx.clock.now()) } : host.response;
  });
}
