import type { Page } from '@playwright/test';

import { openView } from './inventory-support';
import {
  audit,
  detail,
  expect,
  group,
  openIbmProtection,
  runRows,
  shownGroups,
  tasks,
  test,
  type IbmLab,
} from './protection-support';

/**
 * A run's actions, legal hold and retention, a group edited, and a bulk Run now, through the Protection view against
 * the IBM lab (issue 15): each outcome as the page shows it and as the lab's own API says it.
 */

const DAY_USECS = 86_400_000_000;

interface LabGroup {
  id: string;
  name: string;
  policyId: string;
  physicalParams: { fileProtectionTypeParams?: { objects: { id: number; name: string }[] } };
}
interface LabRun {
  id: string;
  onLegalHold: boolean;
  localBackupInfo: { status: string; startTimeUsecs: number };
  objects?: { localSnapshotInfo: { snapshotInfo: { status: string; expiryTimeUsecs: number } } }[];
}

async function labGroup(ibm: IbmLab, name: string): Promise<LabGroup> {
  const { protectionGroups } = await ibm.get<{ protectionGroups: LabGroup[] }>(
    'data-protect/protection-groups',
  );
  const found = protectionGroups.find((g) => g.name === name);
  if (!found) throw new Error(`the lab has no group ${name}`);
  return found;
}
const runsPath = (groupId: string): string =>
  `data-protect/protection-groups/${encodeURIComponent(groupId)}/runs`;
const labRun = (ibm: IbmLab, groupId: string, runId: string): Promise<LabRun> =>
  ibm.get<LabRun>(`${runsPath(groupId)}/${encodeURIComponent(runId)}?includeObjectDetails=true`);
const labRuns = async (ibm: IbmLab, groupId: string): Promise<LabRun[]> =>
  (await ibm.get<{ runs: LabRun[] }>(`${runsPath(groupId)}?numRuns=5`)).runs;

/** The page's own rendering of a time (the view shows `toLocaleString()`). */
const localTime = (page: Page, usecs: number): Promise<string> =>
  page.evaluate((ms) => new Date(ms).toLocaleString(), usecs / 1000);

/**
 * The page opened on the Protection view, the first group whose last run has `status` chosen and its newest run
 * opened; answers the run's ids, its panel and the panel's list of per-run outcomes.
 */
async function openNewestRun(page: Page, url: string, ibm: IbmLab, status: string) {
  await openIbmProtection(page, url, ibm.lab);
  await page.getByLabel('Filter by last run').selectOption(status);
  const [name = ''] = await shownGroups(page);
  await group(page, name).click();
  const newest = runRows(page).first();
  await expect(newest).toHaveAttribute('data-status', status);
  const runId = (await newest.getAttribute('data-run')) ?? '';
  await newest.click();
  const panel = page.getByRole('region', { name: `Run ${runId}` });
  const { id: groupId } = await labGroup(ibm, name);
  return { runId, groupId, panel, outcomes: panel.getByRole('list', { name: 'Outcomes' }) };
}

test.describe('a run caught while it runs', () => {
  // The lab's seeded active run then lasts 30–60 s: time enough to act on it through the page.
  test.use({ labOptions: { timeScale: 0.5 } });

  test('a running run paused, resumed, refused a second resume, and cancelled from its group’s detail', async ({
    page,
    harness,
    ibm,
  }) => {
    const { runId, groupId, panel, outcomes } = await openNewestRun(page, harness.url, ibm, 'Running');
    const act = (label: string) => panel.getByRole('button', { name: label, exact: true }).click();
    const labStatus = async () => (await labRun(ibm, groupId, runId)).localBackupInfo.status;

    await act('Pause run');
    await expect(outcomes).toHaveText(`${runId}: done`);
    await expect(panel.getByRole('heading')).toHaveText(`Run ${runId}: Paused`);
    await expect(runRows(page).first()).toHaveAttribute('data-status', 'Paused');
    expect(await labStatus()).toBe('Paused');
    const paused = await labRun(ibm, groupId, runId);
    expect(paused.objects?.map((o) => o.localSnapshotInfo.snapshotInfo.status)).toContain(
      'kCurrentAttemptPaused',
    );

    await act('Resume run');
    await expect(panel.getByRole('heading')).toHaveText(`Run ${runId}: Running`);
    await expect(outcomes).toHaveText(`${runId}: done`);
    expect(await labStatus()).toBe('Running');

    // A run that is not paused cannot be resumed: IBM answers 202 with the run's error, shown as its outcome.
    await act('Resume run');
    await expect(outcomes).toHaveText(`${runId}: refused: Run ${runId} is Running; it cannot be resumed.`);

    await act('Cancel run');
    await expect(panel.getByRole('heading')).toHaveText(`Run ${runId}: Canceled`, { timeout: 15_000 });
    await expect(outcomes).toHaveText(`${runId}: done`);
    await expect(panel.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
    await expect(runRows(page).first()).toHaveAttribute('data-status', 'Canceled');
    expect(await labStatus()).toBe('Canceled');

    const entries = await audit(page, 'protection.run.');
    expect(entries.map((e) => `${e.action} ${e.outcome}`).sort()).toEqual([
      'protection.run.cancel succeeded',
      'protection.run.pause succeeded',
      'protection.run.resume succeeded',
      'protection.run.resume succeeded',
    ]);
  });
});

test('a run put on legal hold and released, its retention lengthened, then shortened once confirmed', async ({
  page,
  harness,
  ibm,
}) => {
  const { runId, groupId, panel, outcomes } = await openNewestRun(page, harness.url, ibm, 'Succeeded');
  const holdCell = runRows(page).first().getByRole('gridcell').nth(6);

  // PUT .../runs answers 207: the run's own outcome is shown, and the table and the lab agree.
  await panel.getByRole('button', { name: 'Put on legal hold' }).click();
  await expect(outcomes).toHaveText(`${runId}: done`);
  await expect(holdCell).toHaveText('On hold');
  await expect(panel.getByRole('button', { name: 'Release legal hold' })).toBeVisible();
  expect((await labRun(ibm, groupId, runId)).onLegalHold).toBe(true);

  // Ten years from its start: the preview is what the page then reads back from IBM.
  const start = (await labRun(ibm, groupId, runId)).localBackupInfo.startTimeUsecs;
  const retention = panel.getByRole('form', { name: 'Run retention' });
  await retention.getByLabel('Days to keep').fill('3650');
  const longer = await localTime(page, start + 3650 * DAY_USECS);
  await expect(retention).toContainText(`→ expires ${longer}`);
  await retention.getByRole('button', { name: 'Change retention' }).click();
  await expect(retention).toContainText(`Expires ${longer}.`);
  await expect(outcomes).toHaveText(`${runId}: done`);
  const expiries = async () =>
    new Set(
      (await labRun(ibm, groupId, runId)).objects?.map(
        (o) => o.localSnapshotInfo.snapshotInfo.expiryTimeUsecs,
      ),
    );
  expect(await expiries()).toEqual(new Set([start + 3650 * DAY_USECS]));

  // One day from its start is already past: refused until the shortening is ticked.
  await retention.getByLabel('Days to keep').fill('1');
  const change = retention.getByRole('button', { name: 'Change retention' });
  await expect(change).toBeDisabled();
  await retention.getByLabel('Shorten its retention').check();
  await change.click();
  await expect(retention).toContainText(`Expires ${await localTime(page, start + DAY_USECS)}.`);
  expect(await expiries()).toEqual(new Set([start + DAY_USECS]));

  await panel.getByRole('button', { name: 'Release legal hold' }).click();
  await expect(holdCell).toHaveText('');
  expect((await labRun(ibm, groupId, runId)).onLegalHold).toBe(false);
  const changes = await audit(page, 'protection.updateRuns');
  expect(changes.map((e) => e.options)).toEqual(
    expect.arrayContaining([
      { runIds: [runId], legalHold: true },
      { runIds: [runId], daysToKeep: 3650 },
      { runIds: [runId], daysToKeep: 1 },
      { runIds: [runId], legalHold: false },
    ]),
  );
});

test('a group renamed, moved to another policy, one object added and one removed', async ({
  page,
  harness,
  ibm,
}) => {
  await openIbmProtection(page, harness.url, ibm.lab);
  const [name = ''] = await shownGroups(page);
  const before = await labGroup(ibm, name);
  const objectsBefore = before.physicalParams.fileProtectionTypeParams?.objects ?? [];
  expect(objectsBefore.length).toBeGreaterThan(1);
  const [removed] = objectsBefore;
  const protectedIds = new Set(objectsBefore.map((o) => o.id));
  const { registrations } = await ibm.get<{ registrations: { id: number; name: string }[] }>(
    'data-protect/sources/registrations',
  );
  const added = registrations.find((r) => !protectedIds.has(r.id));
  if (!removed || !added) throw new Error('the lab has no object to add or remove');

  await group(page, name).click();
  await detail(page).getByRole('button', { name: 'Edit…' }).click();
  const form = page.getByRole('form', { name: 'Edit protection group' });
  await expect(form.getByLabel('Name')).toHaveValue(name);
  await expect(form).toContainText(`${objectsBefore.length} chosen objects`);
  await form.getByLabel('Name').fill('E2E edited group');
  await form.getByLabel('Policy').selectOption({ label: 'Monthly-LTR' });
  const objects = form.getByRole('grid', { name: 'Registered objects' });
  const search = form.getByRole('searchbox');
  for (const object of [removed, added]) {
    await search.fill(object.name);
    await objects.locator(`[data-object="${object.name}"]`).click({ modifiers: ['ControlOrMeta'] });
  }
  await expect(form).toContainText(`${objectsBefore.length} chosen objects`);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden({ timeout: 15_000 });

  // The table and the detail show the group as saved.
  const row = group(page, 'E2E edited group');
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(group(page, name)).toHaveCount(0);
  await expect(row.getByRole('gridcell').nth(3)).toHaveText('Monthly-LTR');
  await expect(row.getByRole('gridcell').nth(4)).toHaveText(String(objectsBefore.length));
  const shown = detail(page).getByRole('grid', { name: 'Protected objects' });
  await expect(shown.getByRole('row').filter({ hasText: added.name })).toHaveCount(1);
  await expect(shown.getByRole('row').filter({ hasText: removed.name })).toHaveCount(0);

  // The lab holds the same group (same id) with the new name, policy and objects.
  const after = await labGroup(ibm, 'E2E edited group');
  const { policies } = await ibm.get<{ policies: { id: string; name: string }[] }>('data-protect/policies');
  expect(after.id).toBe(before.id);
  expect(after.policyId).toBe(policies.find((p) => p.name === 'Monthly-LTR')?.id);
  expect(after.policyId).not.toBe(before.policyId);
  const ids = (after.physicalParams.fileProtectionTypeParams?.objects ?? []).map((o) => o.id).sort();
  expect(ids).toEqual(
    [...protectedIds]
      .filter((id) => id !== removed.id)
      .concat(added.id)
      .sort(),
  );
  const [saved] = await audit(page, 'protection.updateGroup');
  expect(saved).toMatchObject({
    outcome: 'succeeded',
    machineName: name,
    message: 'E2E edited group saved.',
  });
});

test('three groups run now together, each new run found and followed to its end', async ({
  page,
  harness,
  ibm,
}) => {
  await openIbmProtection(page, harness.url, ibm.lab);
  await page.getByLabel('Filter by last run').selectOption('Succeeded');
  const names = (await shownGroups(page)).slice(0, 3);
  expect(names).toHaveLength(3);
  const groups = await Promise.all(names.map((name) => labGroup(ibm, name)));
  const known = new Set(
    (await Promise.all(groups.map((g) => labRuns(ibm, g.id)))).flat().map((run) => run.id),
  );

  for (const [index, name] of names.entries())
    await group(page, name).click({ modifiers: index ? ['ControlOrMeta'] : [] });
  const bulk = page.getByRole('group', { name: 'Selected groups' });
  await expect(bulk).toContainText('3 groups selected');
  await bulk.getByRole('button', { name: 'Run now' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run 3 groups now' });
  for (const name of names) await expect(dialog).toContainText(name);
  await dialog.getByLabel('Type 3 to confirm').fill('3');
  await dialog.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByText('3 runs started: each task follows its run to its end.')).toBeVisible();

  // Each task finds its run by polling (IBM's 202 names none) and follows it to Succeeded.
  await expect
    .poll(
      async () =>
        (await tasks(page))
          .filter((t) => t.actionId === 'protection.runNow')
          .map((t) => t.state)
          .join(),
      { timeout: 20_000 },
    )
    .toBe('succeeded,succeeded,succeeded');
  const newRuns = await Promise.all(
    groups.map(async (g) => {
      const [newest] = await labRuns(ibm, g.id);
      expect(known.has(newest?.id ?? '')).toBe(false);
      expect(newest?.localBackupInfo.status).toBe('Succeeded');
      return newest as LabRun;
    }),
  );

  // The Tasks view names each group's run as the lab lists it; the table shows it as the group's last run.
  await openView(page, 'Tasks');
  for (const [index, name] of names.entries()) {
    const task = page.locator(`[data-task][data-machine="${name}"]`);
    await expect(task).toContainText('succeeded');
    await expect(task).toContainText(`Run ${newRuns[index]?.id} of ${name} ended Succeeded`);
  }
  await openView(page, 'Protection');
  for (const [index, name] of names.entries()) {
    const cells = group(page, name).getByRole('gridcell');
    await expect(cells.nth(6)).toHaveText('Succeeded');
    await expect(cells.nth(7)).toHaveText(
      await localTime(page, newRuns[index]?.localBackupInfo.startTimeUsecs ?? 0),
    );
  }
});
