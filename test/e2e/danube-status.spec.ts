import type { Page } from '@playwright/test';

import type { Machine } from '../../common/machines';
import { labClient, type LabClient } from '../../lab/core/testing';
import { startLab, type Lab } from '../../lab/lab';
import { labProfile } from '../../main/services/demo';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';
import { openView, refreshAll, search } from './inventory-support';

/** Danube status (seed 002) through the harness: an administrator's and a plain user's profile on one lab. */

test.setTimeout(120_000);

let lab: Lab;
let client: LabClient;
test.beforeEach(async () => {
  lab = await startLab({ vendors: ['danube'], vms: 200, timeScale: 0.05 });
  client = labClient(lab.vendor('danube'));
});
test.afterEach(async () => {
  await client.close();
  await lab.stop();
});

const showcase = (role: string): string =>
  (lab.vendor('danube').extra?.showcaseVms ?? '')
    .split(', ')
    .map((pair) => pair.split('='))
    .find(([r]) => r === role)?.[1] ?? '';

async function addDanube(page: Page, name: string, who: 'admin' | 'user'): Promise<void> {
  const info = lab.vendor('danube');
  const { input, secret } = labProfile(info);
  const profile =
    who === 'admin' ? { ...input, name } : { ...input, name, username: info.credentials.userUsername };
  await page.evaluate(
    async ({ profile, secret, fingerprint256 }) => {
      const api = (window as unknown as { vantage: TestApi }).vantage;
      const created = await api.profiles.create({ profile, secret, keep: 'keychain' });
      if (fingerprint256) await api.profiles.trust({ id: created.id, fingerprint256 });
    },
    {
      profile,
      secret: who === 'admin' ? secret : (info.credentials.userPassword ?? ''),
      fingerprint256: info.fingerprint256,
    },
  );
}

/** The machine of a profile (by name) matching `which`. */
async function machineOf(page: Page, profileName: string, which: (m: Machine) => boolean): Promise<Machine> {
  const { machines, profiles } = await page.evaluate(async () => {
    const api = (window as unknown as { vantage: TestApi }).vantage;
    return { machines: (await api.inventory.snapshot()).machines, profiles: await api.profiles.list() };
  });
  const profileId = profiles.find((p) => p.name === profileName)?.id;
  const machine = machines.find((m) => m.profileId === profileId && which(m));
  if (!machine) throw new Error(`no such machine in ${profileName}`);
  return machine;
}

async function select(page: Page, machine: Machine): Promise<void> {
  await search(page, machine.vendorId);
  await page.locator(`[data-machine="${machine.id}"]`).click();
}

const recordedStatus = async (hostname: string): Promise<string> => {
  const answer = await client.call('GET', `/api/vm/${hostname}/status/`, {
    headers: { 'es-api-key': lab.vendor('danube').credentials.apiKey ?? '' },
  });
  return (answer.json as { result: { status: string } }).result.status;
};

test('Danube: both statuses side by side; the forced overwrite as an administrator, not offered otherwise', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addDanube(page, 'Danube admin', 'admin');
  await addDanube(page, 'Danube user', 'user');
  await openView(page, 'Inventory');
  await refreshAll(page);
  const selection = page.getByRole('region', { name: 'Selection' });

  // The database says running, the node says stopped: shown apart in the detail pane.
  const drifted = await machineOf(page, 'Danube admin', (m) => m.vendorId === showcase('drifted'));
  await select(page, drifted);
  await page.keyboard.press('Enter');
  const sides = page.getByRole('region', { name: 'Status sources' });
  await expect(sides.locator('[data-side="recorded"]')).toHaveText(/^running/, { timeout: 30_000 });
  await expect(sides.locator('[data-side="node"]')).toHaveText(/^stopped/);
  await page.getByRole('button', { name: 'Close details' }).click();

  // A plain user is offered the read of the node, not the overwrite.
  const usersVm = await machineOf(page, 'Danube user', (m) => m.vendorState === 'running');
  await select(page, usersVm);
  await expect(
    selection.getByRole('button', { name: 'Refresh status from the node', exact: true }),
  ).toBeVisible();
  await expect(selection.getByRole('button', { name: 'Overwrite status from the node' })).toHaveCount(0);
  // And main refuses it all the same if asked (the action is not among those offered to this account).
  const refused = await page.evaluate(
    (id) =>
      (window as unknown as { vantage: TestApi }).vantage.tasks
        .run({ machineIds: [id], actionId: 'status-current-force', options: {} })
        .then(
          () => 'ran',
          (e: unknown) => String((e as { message?: unknown }).message),
        ),
    usersVm.id,
  );
  expect(refused).toMatch(/cannot do “status-current-force”/);

  // An administrator overwrites a status stuck at deploying with what the node reports, after the seed's warning.
  // Vantage first asks without force; the lab (as the published API) answers 428, which reopens the forced form.
  const stuck = await machineOf(page, 'Danube admin', (m) => m.vendorId === showcase('deploying'));
  await select(page, stuck);
  await selection.getByRole('button', { name: 'Overwrite status from the node', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('intended for internal administrative purposes only');
  const force = dialog.getByRole('checkbox', { name: /Force the change/ });
  await expect(force).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Overwrite status from the node', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('Force parameter must be used', { timeout: 30_000 });
  await expect(force).toBeChecked();
  expect(await recordedStatus(stuck.vendorId)).toBe('deploying');
  await dialog.getByRole('button', { name: 'Overwrite status from the node', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => recordedStatus(stuck.vendorId), { timeout: 30_000 }).toBe('running');
});
