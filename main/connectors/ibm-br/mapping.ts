import type { Machine } from '../../../common/machines';
import type { ConnectionsAnswer, Registration, RegistrationsAnswer, SearchObject } from './wire';

/** What a source's registration adds to its objects: where the agent answers and which connection reaches it. */
export interface SourceFacts {
  endpoint?: string;
  connection?: string;
}

/** Registered sources by source id (as text), with their data-source connection's name. */
export function sourceFacts(
  registrations: RegistrationsAnswer | undefined,
  connections: ConnectionsAnswer | undefined,
): Map<string, SourceFacts> {
  const names = new Map<string, string>();
  for (const c of connections?.connections ?? [])
    if (c.connectionId !== undefined && c.connectionName) names.set(String(c.connectionId), c.connectionName);
  const facts = new Map<string, SourceFacts>();
  for (const r of registrations?.registrations ?? []) {
    const id = r.sourceInfo?.id ?? r.sourceId ?? r.id;
    if (id === undefined) continue;
    const fact: SourceFacts = {};
    const endpoint = r.physicalParams?.endpoint ?? r.kubernetesParams?.endpoint;
    if (endpoint) fact.endpoint = endpoint;
    const connection = names.get(connectionIdOf(r));
    if (connection) fact.connection = connection;
    facts.set(String(id), fact);
  }
  return facts;
}

/** The registration's int64 `connectionId` (exact only when read with int64), or the string form of it. */
function connectionIdOf(r: Registration): string {
  const id =
    r.connectionId ??
    r.dataSourceConnectionId ??
    r.connections?.[0]?.connectionId ??
    r.connections?.[0]?.dataSourceConnectionId;
  return id === undefined ? '' : String(id);
}

// Enum values are few: each is made readable once, not once per object.
const words = new Map<string, string>();

/** `kPhysical` → `Physical`, `kVirtualMachine` → `Virtual Machine`: the SDK's enum words, readable. */
export function vendorWord(value: string): string {
  let word = words.get(value);
  if (word === undefined) {
    word = value.replace(/^k(?=[A-Z])/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
    words.set(value, word);
  }
  return word;
}

/** "Protected by Gold-01, Files-02; last run Failed", or "Unprotected". */
export function protectionState(object: SearchObject): { state: string; policies: string[] } {
  const groups: string[] = [];
  const policies: string[] = [];
  let lastRun: string | undefined;
  for (const info of object.objectProtectionInfos ?? []) {
    lastRun ??= info.lastRunStatus;
    for (const group of info.protectionGroups ?? []) {
      const name = group.name ?? group.id;
      if (name && !groups.includes(name)) groups.push(name);
      if (group.policyName && !policies.includes(group.policyName)) policies.push(group.policyName);
    }
  }
  const protection = groups.length > 0 ? `Protected by ${groups.join(', ')}` : 'Unprotected';
  return { state: lastRun ? `${protection}; last run ${lastRun}` : protection, policies };
}

/**
 * One search result as a row. Backup objects have no power state Vantage can read; the source is where the object
 * is registered (an agent-protected host is its own source), and only then is the registered endpoint its address.
 */
export function mapObject(
  object: SearchObject,
  profileId: string,
  facts: ReadonlyMap<string, SourceFacts>,
  updatedAt: string,
  /** Region and tenant of the profile. */
  scope?: string[],
): Machine {
  const vendorId = String(object.id);
  const sourceId = object.sourceId ?? object.sourceInfo?.id;
  const source = sourceId === undefined ? undefined : facts.get(String(sourceId));
  const { state, policies } = protectionState(object);
  const environment = object.environment ? vendorWord(object.environment) : undefined;
  const type = object.objectType ? vendorWord(object.objectType).toLowerCase() : 'object';
  const m: Machine = {
    id: `${profileId}/${vendorId}`,
    profileId,
    vendor: 'ibm-br',
    vendorId,
    kind: 'protected-object',
    kindLabel: environment ? `${environment} ${type}` : `Protected ${type}`,
    name: object.name || vendorId,
    power: 'unknown',
    vendorState: state,
    addresses: [],
    tags: [],
    ...(scope ? { scope } : {}),
    updatedAt,
  };
  const sourceName = object.sourceName ?? object.sourceInfo?.name;
  if (sourceName) m.host = sourceName;
  if (source?.endpoint && String(sourceId) === vendorId) m.addresses.push(source.endpoint);
  if (object.osType) m.os = vendorWord(object.osType);
  if (environment) m.tags.push(`env:${environment}`);
  for (const policy of policies) m.tags.push(`policy:${policy}`);
  if (source?.connection) m.tags.push(`connection:${source.connection}`);
  return m;
}
