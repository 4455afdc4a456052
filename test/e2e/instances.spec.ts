import type { Page } from '@playwright/test';

import type { InventorySnapshot } from '../../common/inventory';
import { labClient, type LabClient } from '../../lab/core/testing';
import { ADMIN, instancePath, surveyHosts, take, type HostRef } from '../../lab/comodit/test-client';
import { startLab, type Lab } from '../../lab/lab';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';
import { addLabProfile, openView, refreshAll, search } from './inventory-support';

/** ComodIT instance records (seed 001) through the harness: two ComodIT profiles against one lab. */

test.setTimeout(120_000);

let lab: Lab;
let client: LabClient;
test.beforeEach(async () => {
  lab = await startLab({ vendors: ['comodit'], vms: 100, timeScale: 0.05 });
  client = labClient(lab.vendor('comodit'));
});
test.afterEach(async () => {
  await client.close();
  await lab.stop();
});

async function addComodit(page: Page, name: string): Promise<void> {
  await addLabProfile(page, lab.vendor('comodit'), { name });
}

const snapshot = (page: Page): Promise<InventorySnapshot> =>
  page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.inventory.snapshot());

async function hostWithoutInstance(): Promise<HostRef> {
  const orgs = (await client.call('GET', '/api/organizations', { headers: ADMIN })).json as {
    items: { name: string }[];
  };
  return take(await surveyHosts(client, orgs.items[0]?.name ?? ''), 'none');
}

async function openDetailOfRunningHost(page: Page): Promise<string> {
  const { machines } = await snapshot(page);
  const profiles = await page.evaluate(() =>
    (window as unknown as { vantage: TestApi }).vantage.profiles.list(),
  );
  const sourceProfile = profiles.find((p) => p.name === 'ComodIT A');
  const machine = machines.find((m) => m.profileId === sourceProfile?.id && m.vendorState === 'RUNNING');
  if (!machine) throw new Error('no RUNNING ComodIT host in profile A');
  await search(page, machine.vendorId);
  // A click selects (the selection bar then moves the table down); Enter opens the focused row's details.
  await page.locator(`[data-machine="${machine.id}"]`).click();
  await page.keyboard.press('Enter');
  return machine.vendorId;
}

test('a ComodIT instance record created from a host of another ComodIT profile, not provisioned', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addComodit(page, 'ComodIT A');
  await addComodit(page, 'ComodIT B');
  await openView(page, 'Inventory');
  await refreshAll(page);
  const target = await hostWithoutInstance();
  const sourceId = await openDetailOfRunningHost(page);

  // The detail pane: properties, and the VNC host and port without the token.
  const panel = page.getByRole('region', { name: 'Instance' });
  await expect(panel.getByRole('table', { name: 'Instance properties' })).toContainText('mac');
  await expect(panel.locator('[data-vnc]')).toHaveText(/^\S+:\d+$/);
  const [org = '', env = '', host = ''] = sourceId.split('/');
  const source = (await client.call('GET', instancePath({ org, env, name: host }), { headers: ADMIN }))
    .json as { properties: { key: string; value: string }[] };
  const vnc = (await client.call('GET', instancePath({ org, env, name: host }, '/vnc'), { headers: ADMIN }))
    .json as { token: string };
  await expect(page.locator('body')).not.toContainText(vnc.token);

  await panel.getByRole('button', { name: 'Create instance record…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create instance record' });
  await dialog.getByLabel('ComodIT connection').selectOption({ label: 'ComodIT B' });
  await dialog.getByLabel('Organisation').fill(target.org);
  await dialog.getByLabel('Environment').fill(target.env);
  await dialog.getByLabel('Host without an instance').fill(target.name);

  // Validated before anything is sent.
  const properties = dialog.getByLabel(/^Properties \(JSON/);
  const copied = await properties.inputValue();
  await properties.fill('[{"key": "mac"}]');
  await dialog.getByRole('button', { name: 'Create record' }).click();
  await expect(dialog.getByRole('alert')).toContainText('at 0.value');
  expect((await client.call('GET', instancePath(target), { headers: ADMIN })).status).toBe(404);

  await properties.fill(copied);
  await dialog.getByRole('button', { name: 'Create record' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(page.getByText(`${target.name} has an instance record`).first()).toBeVisible();
  const created = await client.call('GET', instancePath(target), { headers: ADMIN });
  expect(created.json).toMatchObject({ state: 'UNDEFINED', properties: source.properties });

  // A task with an audit entry, against profile B.
  const audit = await page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.audit.list({}));
  const entry = audit.find((e) => e.action === 'instances.createRecord');
  expect(entry).toMatchObject({ outcome: 'succeeded', profileName: 'ComodIT B', machineName: target.name });

  // The same host a second time: refused in words.
  await panel.getByRole('button', { name: 'Create instance record…' }).click();
  await dialog.getByLabel('ComodIT connection').selectOption({ label: 'ComodIT B' });
  await dialog.getByLabel('Organisation').fill(target.org);
  await dialog.getByLabel('Environment').fill(target.env);
  await dialog.getByLabel('Host without an instance').fill(target.name);
  await dialog.getByRole('button', { name: 'Create record' }).click();
  await expect(dialog.getByRole('alert')).toContainText('already has an instance');
});
