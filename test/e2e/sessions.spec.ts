import type { Page } from '@playwright/test';

import type { AuditEntry } from '../../common/inventory';
import { startLab, type Lab } from '../../lab/lab';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';
import { openView } from './inventory-support';
import {
  addAppliance,
  expectStatus,
  freeCandidates,
  idleReplica,
  listing,
  row,
  runAction,
} from './sessions-support';

let lab: Lab;
// 1/20 of real durations (creating takes 1 s, going live 2 s); real ones where a test must act while one is creating.
test.beforeEach(async ({ browserName: _ }, info) => {
  lab = await startLab({
    vendors: ['unitrends'],
    vms: 400,
    timeScale: info.title.includes('only with force') ? 1 : 0.05,
  });
});
test.afterEach(async () => lab.stop());
test.use({ harnessOptions: { backend: { sessionPollMs: 200 } } });

/** Starts an audit session on the appliance through the API (the dialog has its own test). */
const startOnAppliance = (page: Page, candidateId: string, backupId: number, name: string) =>
  page.evaluate((request) => (window as unknown as { vantage: TestApi }).vantage.sessions.start(request), {
    candidateId,
    backupId,
    target: { kind: 'appliance' as const },
    name,
    audit: true,
    powerOn: true,
  });

const audit = (page: Page): Promise<AuditEntry[]> =>
  page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.audit.list({}));

test('journey 5: an audit session on an ESX host, followed to available, torn down, every step audited', async ({
  page,
  harness,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(harness.url);
  await addAppliance(page, lab);
  await openView(page, 'Sessions');
  const [client] = await freeCandidates(page);
  if (!client) throw new Error('no free client');
  const name = `${client.name}-journey5`;

  await page.getByRole('button', { name: 'Start instant recovery' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('searchbox').fill(client.name);
  await dialog.getByRole('option', { name: new RegExp(`^${client.name} `) }).click();
  // The client's backups with their dates, the latest chosen; an older one is picked.
  const backup = dialog.getByLabel(`Backup of ${client.name}`);
  await expect(backup.locator('option').first()).toContainText('(the latest)', { timeout: 20_000 });
  await expect(backup).toHaveValue(String(client.backupId));
  await expect(backup.locator('option')).toHaveCount(3);
  await expect(backup.locator('option').nth(1)).toContainText(/\d{4}.*· (Full|Incremental) · backup \d+$/);
  const older = Number(await backup.locator('option').nth(1).getAttribute('value'));
  expect(older).not.toBe(client.backupId);
  await backup.selectOption(String(older));
  await dialog.getByRole('combobox', { name: 'Target' }).selectOption({ index: 1 });
  await expect(dialog.getByRole('combobox', { name: 'Target' })).toHaveValue(/^VMware\|/);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Start' }).click();

  // The session appears while creating, then becomes available (the view refreshes while it changes).
  await expect(row(page, name)).toBeVisible();
  await expectStatus(page, name, 'available');
  await expect(row(page, name)).toContainText('Audit');
  await expect(row(page, name).getByRole('gridcell').nth(8)).toHaveText(/\d+s/);
  // An ESX session has no appliance console: its hypervisor's console is the way in.
  await row(page, name).click();
  await expect(
    page.getByRole('group', { name: 'Session actions' }).getByRole('button', { name: 'Open console' }),
  ).toHaveCount(0);

  await runAction(page, name, 'Tear down');
  await expect(row(page, name)).toHaveCount(0, { timeout: 20_000 });
  await expect
    .poll(async () =>
      (await audit(page)).filter((e) => e.machineName === name).map((e) => `${e.action}:${e.outcome}`),
    )
    .toEqual(['session.teardown:succeeded', 'session.start:succeeded']);
  const started = (await audit(page)).find((e) => e.machineName === name && e.action === 'session.start');
  expect(started?.options.backupId).toBe(older);
});

test('a replica’s audit start and stop; an audit session goes live', async ({ page, harness }) => {
  // Under load, several changes of 1 to 2 s each, each seen by the view's 3 s refresh.
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(harness.url);
  await addAppliance(page, lab);
  await openView(page, 'Sessions');

  const replica = await idleReplica(page);
  await runAction(page, replica.name, 'Start audit');
  await expect(row(page, replica.name).getByRole('gridcell').nth(4)).toHaveText('audit', { timeout: 20_000 });
  await expect(row(page, replica.name).getByRole('gridcell').nth(6)).toHaveText('');
  await runAction(page, replica.name, 'Stop audit');
  await expect(row(page, replica.name).getByRole('gridcell').nth(4)).toHaveText('idle', { timeout: 20_000 });

  // Start two sessions through the API: one to go live, one to tear down while creating.
  const [one] = await freeCandidates(page);
  const start = (id: string, backupId: number, name: string) =>
    page.evaluate((request) => (window as unknown as { vantage: TestApi }).vantage.sessions.start(request), {
      candidateId: id,
      backupId,
      target: { kind: 'appliance' as const },
      name,
      audit: true,
      powerOn: true,
    });
  await start(one?.id ?? '', one?.backupId ?? 0, 'goes-live');
  await expectStatus(page, 'goes-live', 'available');
  await runAction(page, 'goes-live', 'Go live');
  await expectStatus(page, 'goes-live', 'migrating');
  await expectStatus(page, 'goes-live', 'available');
  await expect(row(page, 'goes-live').getByRole('gridcell').nth(4)).toHaveText('Instant Recovery');
  // An appliance session has a console on the appliance: it opens from the session list, through the console path.
  await row(page, 'goes-live').click();
  await page
    .getByRole('group', { name: 'Session actions' })
    .getByRole('button', { name: 'Open console' })
    .click();
  await expect(page.getByRole('tab', { name: /goes-live/ })).toBeVisible();
});

test('a creating session is torn down only with force', async ({ page, harness }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(harness.url);
  await addAppliance(page, lab);
  await openView(page, 'Sessions');
  const [two] = await freeCandidates(page);
  await startOnAppliance(page, two?.id ?? '', two?.backupId ?? 0, 'still-creating');
  await row(page, 'still-creating').click();
  const actions = page.getByRole('group', { name: 'Session actions' });
  await expect(actions.getByRole('button')).toHaveText(['Tear down with force']);
  // main refuses a plain tear-down whatever the window offers, and audits the refusal.
  const refused = await page.evaluate(
    (id) =>
      (window as unknown as { vantage: TestApi }).vantage.sessions
        .run({ ids: [id], actionId: 'teardown', options: {} })
        .then(
          () => 'ran',
          (e: { code: string }) => e.code,
        ),
    (await listing(page)).sessions.find((s) => s.name === 'still-creating')?.id ?? '',
  );
  expect(refused).toBe('CONFLICT');
  await actions.getByRole('button', { name: 'Tear down with force' }).click();
  await expect(page.getByRole('dialog')).toContainText('still being built');
  await page.getByRole('dialog').getByRole('button', { name: 'Tear down with force' }).click();
  await expect(row(page, 'still-creating')).toHaveCount(0, { timeout: 20_000 });
  const entries = await audit(page);
  expect(entries.find((e) => e.machineName === 'still-creating' && e.outcome === 'refused')?.action).toBe(
    'session.teardown',
  );
});

test('bulk tear-down of sessions selected in the table asks for the typed count', async ({
  page,
  harness,
}) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(harness.url);
  await addAppliance(page, lab);
  await openView(page, 'Sessions');
  const [one, two] = await freeCandidates(page);
  await startOnAppliance(page, one?.id ?? '', one?.backupId ?? 0, 'bulk-a');
  await startOnAppliance(page, two?.id ?? '', two?.backupId ?? 0, 'bulk-b');
  await expectStatus(page, 'bulk-a', 'available');
  await expectStatus(page, 'bulk-b', 'available');
  // A click selects one row; Ctrl+click adds the other (the shared table's multi-select).
  await row(page, 'bulk-a').click();
  await row(page, 'bulk-b').click({ modifiers: ['Control'] });
  await expect(row(page, 'bulk-a')).toHaveAttribute('aria-selected', 'true');
  await page
    .getByRole('group', { name: 'Selected sessions' })
    .getByRole('button', { name: 'Tear down 2 sessions' })
    .click();
  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Tear down', exact: true });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type 2 to confirm').fill('2');
  await confirm.click();
  await expect(row(page, 'bulk-a')).toHaveCount(0, { timeout: 20_000 });
  await expect(row(page, 'bulk-b')).toHaveCount(0, { timeout: 20_000 });
  await expect
    .poll(async () =>
      (await audit(page))
        .filter((e) => e.action === 'session.teardown' && e.outcome === 'succeeded')
        .map((e) => e.machineName)
        .sort(),
    )
    .toEqual(['bulk-a', 'bulk-b']);
});
