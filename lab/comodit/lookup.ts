import type { LabRequest } from '../core/types';
import type { ComoditUser } from './auth';
import type { ComoditData, Environment, Host, Instance, Organization } from './data';
import { found, refused, type Found } from './errors';
import { settle } from './state';

const param = (req: LabRequest, name: string): string => req.params[name] ?? '';

/** Entity identifiers are names; an organization the user is not a member of is forbidden, not hidden. */
export function lookupOrg(data: ComoditData, user: ComoditUser, req: LabRequest): Found<Organization> {
  const name = param(req, 'org');
  const org = data.orgsByName.get(name);
  if (!org) return refused(404, `Organization not found: ${name}`);
  if (!org.members.has(user.username)) return refused(403, `Access denied to organization ${name}`);
  return found(org);
}

export function lookupEnv(data: ComoditData, user: ComoditUser, req: LabRequest): Found<Environment> {
  const org = lookupOrg(data, user, req);
  if (!org.ok) return org;
  const name = param(req, 'env');
  const env = org.value.envsByName.get(name);
  return env ? found(env) : refused(404, `Environment not found: ${name}`);
}

export function lookupHost(data: ComoditData, user: ComoditUser, req: LabRequest): Found<Host> {
  const env = lookupEnv(data, user, req);
  if (!env.ok) return env;
  const name = param(req, 'host');
  const host = env.value.hostsByName.get(name);
  return host ? found(host) : refused(404, `Host not found: ${name}`);
}

export function lookupInstance(
  data: ComoditData,
  user: ComoditUser,
  req: LabRequest,
  now: number,
): Found<{ host: Host; instance: Instance }> {
  const host = lookupHost(data, user, req);
  if (!host.ok) return host;
  const instance = settle(host.value, now);
  return instance
    ? found({ host: host.value, instance })
    : refused(404, `Host ${host.value.name} has no instance`);
}

export function requireWriter(user: ComoditUser): Found<ComoditUser> {
  return user.readOnly ? refused(403, `User ${user.username} may not change anything`) : found(user);
}
