import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { body, fixture, omittedKeys, openSession, shapeMismatches, type Session } from './test-support';

type Rec = Record<string, unknown>;
type GroupBody = Rec & { id: string; name: string; policyId: string; physicalParams: Rec; isPaused: boolean };

let s: Session;
let groups: GroupBody[];
let hostIds: number[];
beforeAll(async () => {
  s = await openSession({ vms: 400 });
  groups = body<{ protectionGroups: GroupBody[] }>(
    await s.call('GET', '/data-protect/protection-groups'),
  ).protectionGroups;
  const registrations = body<{ registrations: { id: number }[] }>(
    await s.call('GET', '/data-protect/sources/registrations'),
  );
  hostIds = registrations.registrations.map((r) => r.id);
});
afterAll(() => s.close());

const POLICY = {
  name: 'tf-policy-10',
  backupPolicy: {
    regular: {
      incremental: { schedule: { unit: 'Days', daySchedule: { frequency: 1 } } },
      retention: { unit: 'Weeks', duration: 3 },
      primaryBackupTarget: { useDefaultBackupTarget: true },
    },
  },
  retryOptions: { retries: 3, retryIntervalMins: 5 },
};

const physicalGroup = (name: string, policyId: string, ids: number[]): Rec => ({
  name,
  policyId,
  environment: 'kPhysical',
  physicalParams: {
    protectionType: 'kFile',
    fileProtectionTypeParams: { objects: ids.map((id) => ({ id, filePaths: [{ includedPath: '/data/' }] })) },
  },
});

describe('policies', () => {
  it('lists with the SDK shape, stats on request', async () => {
    const answer = await s.call('GET', '/data-protect/policies?includeStats=true');
    expect(answer.status).toBe(200);
    const expected = fixture('GET_data-protect_policies.response.json');
    expect(shapeMismatches(answer.json, expected)).toEqual([]);
    const policies = body<{ policies: Rec[] }>(answer).policies;
    expect(policies.map((p) => p.name)).toEqual(['Basic', 'Gold', 'Silver', 'Bronze', 'Monthly-LTR']);
    expect(omittedKeys(policies, (expected as { policies: unknown[] }).policies[0])).toEqual([
      'blackoutWindow',
      'cascadedTargetsConfig',
      'dataLock',
      'extendedRetention',
      'remoteTargetPolicy',
      'templateId',
    ]);
    expect(policies.every((p) => typeof p.numProtectionGroups === 'number')).toBe(true);
    const plain = body<{ policies: Rec[] }>(await s.call('GET', '/data-protect/policies')).policies;
    expect(plain[0]).not.toHaveProperty('numProtectionGroups');
  });

  it('creates (201), reads, replaces (200) and deletes (204) a policy', async () => {
    const made = await s.call('POST', '/data-protect/policies', POLICY);
    expect(made.status).toBe(201);
    expect(shapeMismatches(made.json, fixture('POST_data-protect_policies.response.json'))).toEqual([]);
    const policy = body<Rec & { id: string; lastModificationTimeUsecs: number }>(made);
    expect(policy.id).toMatch(/^\d+:\d+:\d+$/);
    expect(policy.backupPolicy).toEqual(POLICY.backupPolicy);
    const read = await s.call('GET', `/data-protect/policies/${policy.id}`);
    expect(shapeMismatches(read.json, fixture('GET_data-protect_policies_id.response.json'))).toEqual([]);
    const put = await s.call('PUT', `/data-protect/policies/${policy.id}`, {
      ...POLICY,
      description: 'weekly',
      lastModificationTimeUsecs: policy.lastModificationTimeUsecs,
    });
    expect(put.status).toBe(200);
    expect(shapeMismatches(put.json, fixture('PUT_data-protect_policies_id.response.json'))).toEqual([]);
    expect(body(put)).toMatchObject({ description: 'weekly', version: 2 });
    const stale = await s.call('PUT', `/data-protect/policies/${policy.id}`, {
      ...POLICY,
      lastModificationTimeUsecs: policy.lastModificationTimeUsecs,
    });
    expect(stale.status).toBe(400);
    expect(body(stale).message).toMatch(/stale/);
    expect((await s.call('DELETE', `/data-protect/policies/${policy.id}`)).status).toBe(204);
    expect((await s.call('GET', `/data-protect/policies/${policy.id}`)).status).toBe(404);
  });

  it('refuses a schedule without retention, a duplicate name and deleting a policy in use', async () => {
    const regular = { incremental: POLICY.backupPolicy.regular.incremental };
    const noRetention = await s.call('POST', '/data-protect/policies', {
      name: 'x',
      backupPolicy: { regular },
    });
    expect(noRetention.status).toBe(400);
    expect(body(noRetention)).toEqual({
      errorCode: 'KValidationError',
      message: 'If either of incremental or full schedule is specified then retention must be set',
    });
    const dup = await s.call('POST', '/data-protect/policies', { ...POLICY, name: 'Gold' });
    expect(dup.status).toBe(409);
    expect(body(dup)).toMatchObject({
      errorCode: 'KDuplicateError',
      message: expect.stringMatching(/already exists/) as string,
    });
    const inUse = await s.call('DELETE', `/data-protect/policies/${groups[0]?.policyId}`);
    expect(inUse.status).toBe(400);
    expect(body(inUse).message).toMatch(/used by/);
  });
});

describe('protection groups', () => {
  it('lists with the SDK shape; lastRun on request', async () => {
    const answer = await s.call('GET', '/data-protect/protection-groups?includeLastRunInfo=true');
    const expected = fixture('GET_data-protect_protection-groups.response.json') as {
      protectionGroups: unknown[];
    };
    expect(shapeMismatches(answer.json, expected)).toEqual([]);
    const list = body<{ protectionGroups: Rec[] }>(answer).protectionGroups;
    expect(list.length).toBeGreaterThanOrEqual(8);
    expect(omittedKeys(list, expected.protectionGroups[0])).toEqual([
      'advancedConfigs',
      'endTimeUsecs',
      'invalidEntities',
      'missingEntities',
      'mssqlParams',
      'permissions',
    ]);
    expect(list.every((g) => typeof g.lastRun === 'object')).toBe(true);
    expect(groups[0]).not.toHaveProperty('lastRun');
    expect(list.some((g) => g.isPaused === true)).toBe(true);
  });

  it('seeds groups whose last run failed with an error message', async () => {
    const failed = await s.call(
      'GET',
      '/data-protect/protection-groups?lastRunLocalBackupStatus=Failed&includeLastRunInfo=true',
    );
    const list = body<{
      protectionGroups: { lastRun: { localBackupInfo: { status: string; messages: string[] } } }[];
    }>(failed).protectionGroups;
    expect(list.length).toBeGreaterThan(0);
    for (const group of list) {
      expect(group.lastRun.localBackupInfo.status).toBe('Failed');
      expect(group.lastRun.localBackupInfo.messages[0]).toMatch(/\w+/);
    }
  });

  it('creates (201), reads, replaces (200) and deletes (204) a group', async () => {
    const policyId = groups[0]?.policyId ?? '';
    const made = await s.call(
      'POST',
      '/data-protect/protection-groups',
      physicalGroup('test-pg-1', policyId, hostIds.slice(0, 2)),
    );
    expect(made.status).toBe(201);
    expect(shapeMismatches(made.json, fixture('POST_data-protect_protection-groups.response.json'))).toEqual(
      [],
    );
    const group = body<GroupBody>(made);
    expect(group).toMatchObject({
      name: 'test-pg-1',
      environment: 'kPhysical',
      numProtectedObjects: 2,
      isPaused: false,
    });
    const read = await s.call('GET', `/data-protect/protection-groups/${group.id}`);
    expect(
      shapeMismatches(read.json, fixture('GET_data-protect_protection-groups_id.response.json')),
    ).toEqual([]);
    const put = await s.call('PUT', `/data-protect/protection-groups/${group.id}`, {
      ...physicalGroup('test-pg-1', policyId, hostIds.slice(0, 3)),
      isPaused: true,
    });
    expect(put.status).toBe(200);
    expect(shapeMismatches(put.json, fixture('PUT_data-protect_protection-groups_id.response.json'))).toEqual(
      [],
    );
    expect(body(put)).toMatchObject({ isPaused: true, numProtectedObjects: 3 });
    expect(
      (await s.call('DELETE', `/data-protect/protection-groups/${group.id}?deleteSnapshots=true`)).status,
    ).toBe(204);
    expect((await s.call('GET', `/data-protect/protection-groups/${group.id}`)).status).toBe(404);
    const deleted = await s.call('GET', `/data-protect/protection-groups?isDeleted=true&ids=${group.id}`);
    expect(body<{ protectionGroups: Rec[] }>(deleted).protectionGroups).toHaveLength(1);
  });

  it('validates environment parameters, references and names', async () => {
    const policyId = groups[0]?.policyId ?? '';
    const k8s = await s.call('POST', '/data-protect/protection-groups', {
      name: 'k',
      policyId,
      environment: 'kKubernetes',
    });
    expect(k8s.status).toBe(400);
    expect(body(k8s).message).toBe(
      "Parameters 'kubernetesParams' must be specified for environment type 'kKubernetes'",
    );
    const env = await s.call('POST', '/data-protect/protection-groups', {
      name: 'v',
      policyId,
      environment: 'kVMware',
    });
    expect(env.status).toBe(400);
    const policy = await s.call(
      'POST',
      '/data-protect/protection-groups',
      physicalGroup('p', '1:2:3', hostIds.slice(0, 1)),
    );
    expect(policy.status).toBe(404);
    const object = await s.call(
      'POST',
      '/data-protect/protection-groups',
      physicalGroup('o', policyId, [999_999]),
    );
    expect(object.status).toBe(404);
    expect(body(object).errorCode).toBe('KEntityNotExistsError');
    const dup = await s.call(
      'POST',
      '/data-protect/protection-groups',
      physicalGroup(groups[1]?.name ?? '', policyId, hostIds.slice(0, 1)),
    );
    expect(dup.status).toBe(409);
  });
});

describe('runs', () => {
  it('lists runs newest first with object details, totalRuns only with a time window', async () => {
    const group = groups[2];
    const answer = await s.call(
      'GET',
      `/data-protect/protection-groups/${group?.id}/runs?includeObjectDetails=true&startTimeUsecs=1`,
    );
    expect(answer.status).toBe(200);
    expect(
      shapeMismatches(answer.json, fixture('GET_data-protect_protection-groups_id_runs.response.json')),
    ).toEqual([]);
    const runs = body<{
      runs: { id: string; localBackupInfo: { startTimeUsecs: number }; objects: unknown[] }[];
      totalRuns: number;
    }>(answer);
    expect(runs.totalRuns).toBe(runs.runs.length);
    expect(runs.runs[0]?.id).toMatch(/^\d+:\d+$/);
    const starts = runs.runs.map((run) => run.localBackupInfo.startTimeUsecs);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(runs.runs[0]?.objects.length).toBeGreaterThan(0);
    const few = body<Rec>(await s.call('GET', `/data-protect/protection-groups/${group?.id}/runs?numRuns=2`));
    expect(few.runs).toHaveLength(2);
    expect(few).not.toHaveProperty('totalRuns');
    const one = await s.call('GET', `/data-protect/protection-groups/${group?.id}/runs/${runs.runs[1]?.id}`);
    expect(body(one).id).toBe(runs.runs[1]?.id);
  });

  it('accepts a colon-escaped group id in the path', async () => {
    const id = groups[2]?.id.replaceAll(':', '%3A');
    expect((await s.call('GET', `/data-protect/protection-groups/${id}/runs?numRuns=1`)).status).toBe(200);
  });

  it('updates runs with 207 Multi-Status, reporting unknown runs', async () => {
    const group = groups[3];
    const runs = body<{ runs: { id: string; onLegalHold: boolean }[] }>(
      await s.call('GET', `/data-protect/protection-groups/${group?.id}/runs?numRuns=3`),
    ).runs;
    const target = runs[2]?.id ?? '';
    const answer = await s.call('PUT', `/data-protect/protection-groups/${group?.id}/runs`, {
      updateProtectionGroupRunParams: [
        { runId: target, localSnapshotConfig: { enableLegalHold: true } },
        { runId: '1:1', localSnapshotConfig: { deleteSnapshot: true } },
      ],
    });
    expect(answer.status).toBe(207);
    expect(
      shapeMismatches(answer.json, fixture('PUT_data-protect_protection-groups_id_runs.response.json')),
    ).toEqual([]);
    expect(body(answer)).toEqual({
      successfulRunIds: [target],
      failedRuns: [{ runId: '1:1', errorMessage: 'Protection group run 1:1 not found.' }],
    });
    const held = await s.call('GET', `/data-protect/protection-groups/${group?.id}/runs/${target}`);
    expect(body(held).onLegalHold).toBe(true);
    // The docs example capitalises the key; the service (and the SDK) use updateProtectionGroupRunParams.
    const docs = fixture('PUT_data-protect_protection-groups_id_runs.request.docs.json');
    expect((await s.call('PUT', `/data-protect/protection-groups/${group?.id}/runs`, docs)).status).toBe(400);
  });

  it('answers 202 with only the group id when a run starts, 409 while one is active', async () => {
    const group = groups.find((g, i) => i > 3 && !g.isPaused);
    const start = await s.call('POST', `/data-protect/protection-groups/${group?.id}/runs`, {
      runType: 'kRegular',
    });
    expect(start.status).toBe(202);
    expect(
      shapeMismatches(start.json, fixture('POST_data-protect_protection-groups_id_runs.response.json')),
    ).toEqual([]);
    expect(body(start)).toEqual({ protectionGroupId: group?.id });
    const again = await s.call('POST', `/data-protect/protection-groups/${group?.id}/runs`, {
      runType: 'kRegular',
    });
    expect(again.status).toBe(409);
    expect(body(again).errorCode).toBe('KDuplicateError');
    const badType = await s.call('POST', `/data-protect/protection-groups/${group?.id}/runs`, {
      runType: 'kDaily',
    });
    expect(badType.status).toBe(400);
    const runs = body<{ runs: { id: string }[] }>(
      await s.call('GET', `/data-protect/protection-groups/${group?.id}/runs?numRuns=1`),
    );
    const action = await s.call('POST', `/data-protect/protection-groups/${group?.id}/runs/actions`, {
      action: 'Pause',
      pauseParams: [{ runId: runs.runs[0]?.id }],
    });
    expect(action.status).toBe(202);
    expect(
      shapeMismatches(
        action.json,
        fixture('POST_data-protect_protection-groups_id_runs_actions.response.json'),
      ),
    ).toEqual([]);
    const unknownGroup = await s.call('POST', '/data-protect/protection-groups/1:2:3/runs', {
      runType: 'kRegular',
    });
    expect(unknownGroup.status).toBe(404);
  });
});
