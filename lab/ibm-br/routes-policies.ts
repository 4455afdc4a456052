import { isObject, optInt, pick, reqObject, reqString, requireBody, type Json } from './body';
import { assertUniqueName, badRequest } from './errors';
import { created, noContent, ok, param, type Route } from './http';
import type { Policy } from './model';
import { bool, stringList, within } from './query';
import type { IbmState } from './state';
import { POLICY_KEYS, policyView } from './views-protection';

/* Protection policies: list, create, get, replace, delete. */

function validatePolicy(state: IbmState, body: Json, self?: Policy): Json {
  const name = reqString(body, 'name');
  const regular = reqObject(reqObject(body, 'backupPolicy'), 'regular');
  if ((isObject(regular.incremental) || isObject(regular.full)) && !isObject(regular.retention))
    throw badRequest('If either of incremental or full schedule is specified then retention must be set');
  assertUniqueName(state.policies.values(), (policy) => policy.spec.name, name, self, 'Protection policy');
  return pick(body, POLICY_KEYS);
}

export function policyRoutes(route: Route, state: IbmState): void {
  route('GET', '/data-protect/policies', (req) => {
    const ids = stringList(req.query, 'ids');
    const names = stringList(req.query, 'policyNames');
    const types = stringList(req.query, 'types');
    const includeStats = bool(req.query, 'includeStats') ?? false;
    const policies = [...state.policies.values()].filter(
      (policy) =>
        within(ids, policy.id) && within(names, String(policy.spec.name)) && within(types, 'Regular'),
    );
    return ok({ policies: policies.map((policy) => policyView(state, policy, includeStats)) });
  });

  route('POST', '/data-protect/policies', (req) => {
    const spec = validatePolicy(state, requireBody(req.body));
    const now = state.now() * 1000;
    const policy: Policy = {
      id: state.entityId(state.nextSeq()),
      spec,
      version: 1,
      lastModificationTimeUsecs: now,
    };
    state.policies.set(policy.id, policy);
    return created(policyView(state, policy, false));
  });

  route('GET', '/data-protect/policies/:id', (req) =>
    ok(policyView(state, state.policy(param(req, 'id')), false)),
  );

  route('PUT', '/data-protect/policies/:id', (req) => {
    const policy = state.policy(param(req, 'id'));
    const body = requireBody(req.body);
    const stamp = optInt(body, 'lastModificationTimeUsecs');
    if (stamp !== undefined && stamp !== policy.lastModificationTimeUsecs)
      throw badRequest(
        `Policy ${policy.id} was modified at ${policy.lastModificationTimeUsecs}, after ${stamp}: stale update rejected.`,
      );
    policy.spec = validatePolicy(state, body, policy);
    policy.version += 1;
    policy.lastModificationTimeUsecs = Math.max(state.now() * 1000, policy.lastModificationTimeUsecs + 1);
    return ok(policyView(state, policy, false));
  });

  route('DELETE', '/data-protect/policies/:id', (req) => {
    const policy = state.policy(param(req, 'id'));
    const users = state.liveGroups().filter((group) => group.spec.policyId === policy.id);
    if (users.length > 0)
      throw badRequest(
        `Protection policy ${policy.id} is used by ${users.length} protection group(s) and cannot be deleted.`,
      );
    state.policies.delete(policy.id);
    return noContent();
  });
}
