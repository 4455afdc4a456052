import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Page } from '@playwright/test';

import { labClient, type LabClient } from '../../lab/core/testing';
import { signIn } from '../../lab/ibm-br/test-support';
import { startLab, type Lab } from '../../lab/lab';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';
import { finished, listDownloads } from './downloads-support';
import { addLabProfile, openView } from './inventory-support';

/**
 * IBM administration through the harness against the lab (issue 15 part B, journey 7): policies, sources,
 * connections, connectors and agent upgrades; the token shown once; int64 ids exact; read-only refused in main.
 */

test.setTimeout(120_000);

let lab: Lab;
let raw: LabClient;
let headers: Record<string, string>;
test.beforeAll(async () => {
  lab = await startLab({ vendors: ['ibm-br'], vms: 200, timeScale: 0.05 });
  raw = labClient(lab.vendor('ibm-br'));
  headers = await signIn(raw, lab.vendor('ibm-br'));
});
test.afterAll(async () => {
  await raw.close();
  await lab.stop();
});

/** The lab's own answer as text (int64 ids read from it exactly). */
async function labText(path: string): Promise<string> {
  const answer = await raw.call('GET', `/v2/${path}`, { headers });
  expect(answer.status, answer.text).toBe(200);
  return answer.text;
}
const labJson = async <T>(path: string): Promise<T> => JSON.parse(await labText(path)) as T;

async function addIbm(page: Page, name: string, readOnly = false): Promise<void> {
  await addLabProfile(page, lab.vendor('ibm-br'), { name, readOnly, tags: [], folder: '' });
}

async function openTab(
  page: Page,
  tab: 'Policies' | 'Sources' | 'Agents',
  profile = 'IBM lab',
): Promise<void> {
  await openView(page, 'Protection');
  await page.getByRole('tab', { name: tab }).click();
  await page.getByRole('tabpanel').getByLabel('IBM profile').selectOption({ label: profile });
}

test('a policy created, edited, and refused deletion while groups use it (named)', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addIbm(page, 'IBM lab');
  await openTab(page, 'Policies');
  const policies = page.getByRole('table', { name: 'Protection policies' });
  await expect(policies.locator('[data-policy="Gold"]')).toBeVisible({ timeout: 15_000 });

  // Field-level validation: a weekly schedule without days, an empty name, a zero retention.
  await page.getByRole('button', { name: 'New policy' }).click();
  const form = page.getByRole('form', { name: 'New policy' });
  await form.getByLabel('Backup schedule').selectOption('Weeks');
  await form.getByLabel('Keep backups for').fill('0');
  await form.getByRole('button', { name: 'Save policy' }).click();
  await expect(form.getByText('A name is required.')).toBeVisible();
  await expect(form.getByText('Choose at least one day of the week.')).toBeVisible();
  await expect(form.getByText('At least 1.')).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Name').fill('E2E Nightly');
  await form.getByRole('group', { name: 'Days of the week' }).getByLabel('Tue').check();
  await form.getByRole('group', { name: 'Days of the week' }).getByLabel('Fri').check();
  await form.getByLabel('Keep backups for').fill('5');
  await form.getByLabel('Retention unit').selectOption('Weeks');
  await form.getByRole('button', { name: 'Save policy' }).click();
  await expect(form).toBeHidden({ timeout: 15_000 });
  const row = policies.locator('[data-policy="E2E Nightly"]');
  await expect(row).toContainText('Weekly on Tuesday, Friday');
  await expect(row).toContainText('5 weeks');

  // Edit: every 8 hours, kept 10 days.
  await row.getByRole('button', { name: 'E2E Nightly' }).click();
  await page
    .getByRole('region', { name: 'Policy details' })
    .getByRole('button', { name: 'Edit policy' })
    .click();
  const edit = page.getByRole('form', { name: 'Edit policy E2E Nightly' });
  await expect(edit.getByLabel('Name')).toHaveValue('E2E Nightly');
  await edit.getByLabel('Backup schedule').selectOption('Hours');
  await edit.getByLabel('Every how many hours').fill('8');
  await edit.getByLabel('Keep backups for').fill('10');
  await edit.getByLabel('Retention unit').selectOption('Days');
  await edit.getByRole('button', { name: 'Save policy' }).click();
  await expect(edit).toBeHidden({ timeout: 15_000 });
  await expect(row).toContainText('Every 8 hours');
  await expect(row).toContainText('10 days');
  const stored = await labJson<{ policies: { id: string; name: string; backupPolicy: unknown }[] }>(
    'data-protect/policies?policyNames=E2E%20Nightly',
  );
  const policy = stored.policies[0];
  expect(JSON.stringify(policy?.backupPolicy)).toContain('"hourSchedule":{"frequency":8}');

  // Two groups start using it (part A builds groups in the view; here the lab is told directly).
  const [host] = (await labJson<{ registrations: { id: number }[] }>('data-protect/sources/registrations'))
    .registrations;
  for (const name of ['e2e-group-one', 'e2e-group-two']) {
    const created = await raw.call('POST', '/v2/data-protect/protection-groups', {
      headers,
      body: {
        name,
        policyId: policy?.id,
        environment: 'kPhysical',
        physicalParams: {
          protectionType: 'kFile',
          fileProtectionTypeParams: { objects: [{ id: host?.id, filePaths: [{ includedPath: '/data/' }] }] },
        },
      },
    });
    expect(created.status, created.text).toBe(201);
  }
  await page
    .getByRole('region', { name: 'Policy details' })
    .getByRole('button', { name: 'Delete policy' })
    .click();
  const confirm = page.getByRole('dialog', { name: 'Delete policy' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  const refusal = confirm.getByRole('alert');
  await expect(refusal).toContainText('is used by 2 protection groups', { timeout: 15_000 });
  await expect(refusal).toContainText('e2e-group-one');
  await expect(refusal).toContainText('e2e-group-two');
  expect(
    (await labJson<{ policies: unknown[] }>('data-protect/policies?policyNames=E2E%20Nightly')).policies,
  ).toHaveLength(1);
});

test('a registration token generated, shown once with its expiry, copied, and never recorded', async ({
  page,
  harness,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(harness.url).origin,
  });
  await page.goto(harness.url);
  await addIbm(page, 'IBM lab');
  await openTab(page, 'Sources');
  const connections = page.getByRole('table', { name: 'Connections' });
  const first = connections.locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-connection', /.+/, { timeout: 15_000 });
  const name = (await first.getAttribute('data-connection')) ?? '';
  await connections.getByRole('button', { name: `Registration token for ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Registration token for ${name}` });
  const token = await dialog.getByLabel('Registration token').inputValue();
  expect(token.split('.')).toHaveLength(3);
  await expect(dialog).toContainText('Expires');
  await dialog.getByRole('button', { name: 'Copy token' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // The task says "Token generated"; neither it nor anything main wrote to disk holds the token.
  const tasks = await page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.tasks.list());
  const task = tasks.find((t) => t.actionId === 'protection.connection.token');
  expect(task?.message).toBe('Token generated.');
  expect(JSON.stringify(tasks)).not.toContain(token);
  const files = await readdir(harness.dataDirectory, { recursive: true });
  const disk = (
    await Promise.all(files.map((f) => readFile(join(harness.dataDirectory, f), 'utf8').catch(() => '')))
  ).join('\n');
  expect(disk).toContain('protection.connection.token');
  expect(disk).not.toContain(token);
});

test('a connector renamed, and a registration edited with its int64 connection id unchanged', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addIbm(page, 'IBM lab');
  await openTab(page, 'Sources');

  const connectors = page.getByRole('table', { name: 'Connectors list' });
  const first = connectors.locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-connector', /.+/, { timeout: 15_000 });
  await expect(first).toContainText(/Connected|Disconnected/);
  const old = (await first.getAttribute('data-connector')) ?? '';
  await connectors.getByRole('button', { name: `Rename connector ${old}` }).click();
  const rename = page.getByRole('form', { name: `Rename connector ${old}` });
  await rename.getByLabel('Name').fill('e2e-connector');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(connectors.locator('[data-connector="e2e-connector"]')).toBeVisible({ timeout: 15_000 });
  const stored = await labJson<{ connectors: { connectorName: string }[] }>('data-source-connectors');
  expect(stored.connectors.map((c) => c.connectorName)).toContain('e2e-connector');

  // The int64 round trip: the registration's connectionId (beyond 2^53) goes back to the lab exactly.
  const { registrations } = await labJson<{ registrations: { id: number; name: string }[] }>(
    'data-protect/sources/registrations',
  );
  const target = registrations[3];
  const before = await labText(`data-protect/sources/registrations/${target?.id}`);
  const connectionId = /"connectionId"\s*:\s*(\d+)/.exec(before)?.[1] ?? '';
  expect(BigInt(connectionId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  await page.locator(`[data-registration="${target?.name}"]`).click();
  await page.getByRole('button', { name: 'Edit registration' }).click();
  const edit = page.getByRole('form', { name: `Edit registration ${target?.name}` });
  await edit.getByLabel('Display name (optional)').fill('e2e-edited-host');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden({ timeout: 15_000 });
  await expect(page.locator('[data-registration="e2e-edited-host"]')).toBeVisible();
  const after = await labText(`data-protect/sources/registrations/${target?.id}`);
  expect(after).toContain('"name":"e2e-edited-host"');
  expect(/"connectionId"\s*:\s*(\d+)/.exec(after)?.[1]).toBe(connectionId);
});

test('an agent upgrade task created for chosen agents and followed to its end; the installer downloaded to disk', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addIbm(page, 'IBM lab');
  await openTab(page, 'Agents');
  const tasks = page.getByRole('table', { name: 'Agent upgrade tasks' });
  await expect(tasks).toContainText('PartiallyFailed', { timeout: 15_000 });

  await page.getByRole('button', { name: 'Upgrade agents' }).click();
  const form = page.getByRole('form', { name: 'Upgrade agents' });
  await form.getByRole('button', { name: 'Create upgrade task' }).click();
  await expect(form.getByText('Choose at least one agent.')).toBeVisible();
  const boxes = form.getByRole('group', { name: /agents? chosen/ }).getByRole('checkbox');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await form.getByLabel('Task name (optional)').fill('e2e upgrade');
  await form.getByRole('button', { name: 'Create upgrade task' }).click();
  await expect(form).toBeHidden({ timeout: 15_000 });
  const row = tasks.locator('[data-upgrade-task="e2e upgrade"]');
  await expect(row).toBeVisible();
  // Followed by polling while it runs: it ends with both agents upgraded.
  await expect(row).toContainText('Succeeded', { timeout: 30_000 });
  await expect(row.getByRole('progressbar', { name: 'Progress of e2e upgrade' })).toHaveAttribute(
    'value',
    '2',
  );

  // The installer (Linux RPM, the form's default) lands in the downloads folder at the size the lab serves it.
  await page.getByRole('button', { name: 'Download installer' }).click();
  await expect(page.getByRole('status', { name: 'Installer download' })).toContainText('Downloading');
  const item = (await listDownloads(page)).find((d) => d.source.kind === 'agent-installer');
  if (!item) throw new Error('the manager holds no installer download');
  const done = await finished(page, item.id);
  expect(done.error).toBeUndefined();
  const served = await raw.call('POST', '/v2/data-protect/agents/download', {
    headers,
    body: { platform: 'kLinux', linuxParams: { packageType: 'kRPM' } },
  });
  expect(served.status).toBe(200);
  const bytes = await readFile(join(harness.dataDirectory, 'Downloads', done.fileName));
  expect(bytes.length).toBe(Number(served.headers['content-length']));
  expect(done.size).toBe(bytes.length);
});

test('a read-only profile is refused in main, and nothing changes on the lab', async ({ page, harness }) => {
  await page.goto(harness.url);
  await addIbm(page, 'IBM read-only', true);
  await openTab(page, 'Sources', 'IBM read-only (read-only)');
  const connections = page.getByRole('table', { name: 'Connections' });
  const first = connections.locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-connection', /.+/, { timeout: 15_000 });
  const name = (await first.getAttribute('data-connection')) ?? '';
  await connections.getByRole('button', { name: `Rename ${name}` }).click();
  const form = page.getByRole('form', { name: `Rename connection ${name}` });
  await form.getByLabel('Name').fill('must-not-happen');
  await form.getByRole('button', { name: 'Rename' }).click();
  await expect(form.getByRole('alert')).toContainText('read-only', { timeout: 15_000 });
  await form.getByRole('button', { name: 'Cancel' }).click();
  await connections.getByRole('button', { name: `Registration token for ${name}` }).click();
  await expect(page.getByRole('status', { name: 'Latest notification' })).toContainText('is read-only', {
    timeout: 15_000,
  });
  const names = (await labJson<{ connections: { connectionName: string }[] }>('data-source-connections'))
    .connections;
  expect(names.map((c) => c.connectionName)).toContain(name);
  expect(names.map((c) => c.connectionName)).not.toContain('must-not-happen');
  await expect(page.getByRole('dialog', { name: `Registration token for ${name}` })).toHaveCount(0);
});
