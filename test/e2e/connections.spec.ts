import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Page } from '@playwright/test';

import { VENDOR_IDS } from '../../common/vendors';
import { startLab, type Lab } from '../../lab/lab';
import { memoryKeychain } from '../../main/services/memory-keychain';
import { startHarness } from '../harness/server';
import { expect, test } from './fixtures';
import { addConnection } from './lab-fixture';
import { keychainAccounts } from './support/keychain';

const CANARY = 'Canary-7f3a9c-must-never-leak';

let lab: Lab;
test.beforeAll(async () => {
  lab = await startLab({ vms: 40, timeScale: 0.05 });
});
test.afterAll(async () => lab.stop());

async function openProfiles(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Profiles' }).click();
}

async function testConnection(page: Page, name: string) {
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

test('one profile per vendor: trust, test, restart, keychain; no secret ever leaks', async ({
  page,
  harness,
}) => {
  const logs: string[] = [];
  const original = { error: console.error, warn: console.warn, log: console.log };
  for (const level of ['error', 'warn', 'log'] as const)
    console[level] = (...args: unknown[]) => {
      logs.push(args.map(String).join(' '));
      original[level](...args);
    };
  try {
    await page.goto(harness.url);
    await openProfiles(page);
    for (const vendor of VENDOR_IDS) {
      const info = lab.vendor(vendor);
      await addConnection(page, info);
      await page.getByRole('button', { name: 'Test connection' }).click();
      const dialog = page.getByRole('dialog', { name: 'Trust this certificate?' });
      await expect(dialog.getByTestId('fingerprint')).toHaveText(info.fingerprint256 ?? '');
      await expect(dialog).toContainText('self-signed');
      await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
      await expect(page.getByTestId('verdict')).toHaveAttribute('data-ok', 'true');
      await expect(page.getByTestId('verdict')).toContainText('Connection works');
    }
    // A profile whose secret is the canary: its sign-in fails, and the error must not echo it.
    await addConnection(page, lab.vendor('danube'), { name: 'Canary', secret: CANARY });
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Trust this certificate' }).click();
    await expect(page.getByTestId('verdict')).toContainText('refused the sign-in');
    await page.screenshot({ path: 'test-results/artifacts/profiles-verdict.png' });

    // The keychain holds one item per profile.
    expect(keychainAccounts('profile:')).toHaveLength(6);

    // Export: no secrets in it.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const exported = await readFile((await (await download).path()) ?? '', 'utf8');
    expect(JSON.parse(exported)).toMatchObject({ format: 'vantage-profiles', version: 1 });

    // Restart the host process: profiles and secrets are intact.
    await harness.stop();
    const again = await startHarness({
      dataDirectory: harness.dataDirectory,
      onTraffic: (d, data) => harness.traffic.push({ direction: d, data }),
    });
    try {
      await page.goto(again.url);
      await openProfiles(page);
      for (const vendor of VENDOR_IDS) {
        await testConnection(page, `Lab ${vendor}`);
        await expect(page.getByTestId('verdict')).toHaveAttribute('data-ok', 'true');
        await expect(page.getByTestId('secret-state')).toHaveText('In the OS keychain');
      }
    } finally {
      await again.stop();
    }

    // The canary and every lab secret: nowhere on disk, in the logs, in the export or in anything sent to the page.
    const secrets = [
      CANARY,
      ...VENDOR_IDS.map((v) => lab.vendor(v).credentials.password ?? lab.vendor(v).credentials.apiKey ?? ''),
    ];
    const toPage = harness.traffic
      .filter((t) => t.direction === 'out')
      .map((t) => (typeof t.data === 'string' ? t.data : Buffer.from(t.data).toString('latin1')))
      .join('\n');
    const onDisk = await Promise.all(
      (await filesUnder(harness.dataDirectory)).map(async (f) =>
        (await stat(f)).size < 5e6 ? readFile(f, 'latin1') : '',
      ),
    );
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(6);
      expect(toPage).not.toContain(secret);
      expect(exported).not.toContain(secret);
      expect(logs.join('\n')).not.toContain(secret);
      for (const content of onDisk) expect(content).not.toContain(secret);
    }
    // The test saw real traffic: the search above is not vacuous.
    expect(toPage).toContain('Lab vcenter');
  } finally {
    Object.assign(console, original);
  }
});

test('each failure has its own sentence; an expired token is renewed unnoticed', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await openProfiles(page);
  const vcenter = lab.vendor('vcenter');

  await addConnection(page, vcenter, { name: 'Wrong password', secret: 'not-the-password' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(page.locator('[data-check="credentials"]')).toContainText(
    'vCenter refused the user name or password',
  );

  await addConnection(page, vcenter, { name: 'Nobody home', url: 'https://127.0.0.1:1' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('[data-check="reachable"]')).toContainText(
    'refused the connection: nothing is listening there',
  );

  // Pinned to vCenter's certificate, but the address now answers with Danube's: a changed certificate.
  await testConnection(page, 'Wrong password');
  await page.getByRole('button', { name: 'Edit' }).click();
  await page
    .getByRole('form', { name: 'Edit connection' })
    .getByLabel('Address')
    .fill(lab.vendor('danube').url.replace('127.0.0.1', 'localhost'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  // A new address drops the pin (it belonged to the old server): the user is asked to trust, not warned of a change.
  await expect(page.getByRole('dialog', { name: 'Trust this certificate?' })).toBeVisible();
  await page.keyboard.press('Escape');

  await addConnection(page, lab.vendor('unitrends'), { name: 'Changed cert' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-ok', 'true');
  // The appliance is reinstalled: same address, new certificate.
  await lab.stop();
  lab = await startLab({ vms: 40, timeScale: 0.05, ports: { unitrends: lab.vendor('unitrends').port } });
  await page.getByRole('button', { name: 'Test connection' }).click();
  const changed = page.getByRole('dialog', { name: 'The certificate has changed' });
  await expect(changed).toContainText('intercepting');
  await expect(changed.getByTestId('fingerprint')).toHaveText(lab.vendor('unitrends').fingerprint256 ?? '');
  await expect(changed.getByRole('button', { name: 'Trust the new certificate' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-check="certificate"]')).toContainText('different certificate');

  // Tokens that live 2 seconds: the second test, after expiry, is still green.
  lab.setFaults('danube', { tokenLifetimeSec: 2 });
  await addConnection(page, lab.vendor('danube'), { name: 'Short tokens' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-ok', 'true');
  await sleep(2500);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-ok', 'true');
});

test.describe('with no keychain', () => {
  test.use({ harnessOptions: { backend: { keychain: memoryKeychain({ unavailable: true }) } } });
  test('saving a secret says so and offers this session only', async ({ page, harness }) => {
    await page.goto(harness.url);
    await openProfiles(page);
    await page.getByRole('button', { name: 'Add connection' }).first().click();
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Name', { exact: true }).fill('No keychain');
    await form.getByLabel('Address').fill(lab.vendor('vcenter').url);
    await form.getByLabel('User name').fill('administrator@vsphere.local');
    await form.getByLabel('Password').fill(lab.vendor('vcenter').credentials.password ?? '');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(form.getByRole('alert')).toContainText('The OS keychain cannot be reached');
    await expect(form.getByLabel(/^Keep the/)).toHaveValue('session');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(page.getByTestId('secret-state')).toHaveText('This session only');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Trust this certificate' }).click();
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-ok', 'true');
  });
});

test('a malformed or hostile import is refused with the reason and changes nothing', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await openProfiles(page);
  await addConnection(page, lab.vendor('comodit'), { name: 'Existing' });
  const file = join(harness.dataDirectory, 'profiles.json');
  const before = createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
  const attempts: [string, string, RegExp][] = [
    ['broken.json', '{"format": "vantage-profiles", "profiles": [', /not valid JSON/],
    ['other.json', '{"hello": "world"}', /not a Vantage profiles export/],
    [
      'hostile.json',
      JSON.stringify({
        format: 'vantage-profiles',
        version: 1,
        exportedAt: new Date().toISOString(),
        profiles: [{ name: 'x', baseUrl: 'javascript:alert(1)', options: { vendor: 'vcenter' } }],
      }),
      /profiles\.0\.baseUrl/,
    ],
    [
      'polluting.json',
      `{"format":"vantage-profiles","version":1,"exportedAt":"${new Date().toISOString()}","profiles":[{"name":"x","baseUrl":"https://a.example","options":{"vendor":"vcenter"},"__proto__":{"admin":true}}]}`,
      /Unrecognized key/,
    ],
  ];
  for (const [name, content, reason] of attempts) {
    await page
      .locator('input[type=file]')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
    await expect(page.getByRole('alert')).toContainText(reason);
    await expect(page.getByRole('alert')).toContainText('Nothing was changed');
  }
  expect(
    createHash('sha256')
      .update(await readFile(file))
      .digest('hex'),
  ).toBe(before);
  await expect(page.getByRole('button', { name: /^x/ })).toHaveCount(0);
});

test('first launch offers the demo lab, whose five connections all work', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Vantage' })).toBeVisible();
  await page.screenshot({ path: 'test-results/artifacts/first-launch.png' });
  await page.getByRole('button', { name: 'Open the demo lab' }).click();
  // The demo opens on the inventory once its five profiles exist and the first machines arrive.
  await expect(page.locator('[data-machine]').first()).toBeVisible({ timeout: 20_000 });
  await openProfiles(page);
  for (const name of [
    'Demo vCenter',
    'Demo Danube Cloud',
    'Demo ComodIT',
    'Demo Unitrends',
    'Demo IBM Backup and Recovery',
  ]) {
    await testConnection(page, name);
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-ok', 'true');
  }
});
