import type { Page } from '@playwright/test';

import type { InventorySnapshot } from '../../common/inventory';
import type { ProfileInput, ProfileView } from '../../common/profiles';
import { VENDOR_IDS } from '../../common/vendors';
import { startCaptureServer, type CaptureServer } from '../../lab/core/capture-server';
import { startLab, type Lab } from '../../lab/lab';
import { labProfile } from '../../main/services/demo';
import { editablePart } from '../../main/services/profile-transfer';
import { expect, test } from './fixtures';
import { addLabProfiles, openView } from './inventory-support';

// Issue 11, item 1: a saved profile re-pointed at a stranger (a local capture server) sends it no secret, whether
// the page asks for a connection test or an inventory refresh.
let lab: Lab;
let capture: CaptureServer;
test.beforeAll(async () => {
  [lab, capture] = await Promise.all([startLab({ vms: 20, timeScale: 0.05 }), startCaptureServer()]);
});
test.afterAll(async () => {
  await Promise.all([lab.stop(), capture.close()]);
});

/** Calls `vantage.<namespace>.<method>(arg)` in the page, as a (compromised) page could. */
const caller =
  (page: Page) =>
  <R>(channel: string, arg?: unknown): Promise<R> =>
    page.evaluate(
      ([name, value]) => {
        const [namespace = '', method = ''] = name.split('.');
        const api = (
          window as unknown as { vantage: Record<string, Record<string, (a: unknown) => unknown>> }
        ).vantage;
        return api[namespace]?.[method]?.(value) as Promise<R>;
      },
      [channel, arg] as const,
    );

/** Where each profile goes: IBM only changes its IAM token endpoint, which is where its API key is sent. */
function repointed(profile: ProfileView): ProfileInput {
  const edited = { ...editablePart(profile), allowInsecureHttp: true };
  if (edited.options.vendor === 'ibm-br')
    return { ...edited, options: { ...edited.options, iamUrl: capture.url } };
  return { ...edited, baseUrl: capture.url };
}

test('a saved profile re-pointed at a capture server sends it no secret', async ({ page, harness }) => {
  await page.goto(harness.url);
  const profiles = await addLabProfiles(page, lab);
  const secrets = VENDOR_IDS.map(
    (v) => lab.vendor(v).credentials.password ?? lab.vendor(v).credentials.apiKey ?? '',
  );
  const call = caller(page);
  for (const profile of profiles)
    expect(await call('profiles.test', { id: profile.id })).toMatchObject({ ok: true });

  for (const profile of profiles)
    await call('profiles.update', { id: profile.id, profile: repointed(profile) });
  for (const profile of profiles) await call('profiles.test', { id: profile.id });
  await call('inventory.refresh', {});
  await expect
    .poll(() =>
      call<InventorySnapshot>('inventory.snapshot').then((s) =>
        s.statuses.every((status) => status.state === 'failed'),
      ),
    )
    .toBe(true);

  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(6);
    expect(capture.received(secret)).toBe(false);
  }
  // The page says so: every re-pointed profile needs its secret again (the window asks for each: declined here),
  // and the unencrypted ones are marked.
  const prompt = page.getByRole('dialog', { name: /needs its password/ });
  await expect(prompt).toBeVisible();
  for (let asked = 0; asked < profiles.length && (await prompt.isVisible()); asked++) {
    await page.keyboard.press('Escape');
    // The next profile's prompt (one at a time) takes the place of the one declined.
    await page.waitForTimeout(300);
  }
  await expect(prompt).toBeHidden();
  await openView(page, 'Profiles');
  await page.getByRole('button', { name: /^Lab vcenter/ }).click();
  await expect(page.getByTestId('secret-state')).toHaveText('None saved');
  await expect(page.getByTestId('insecure-state')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Lab vcenter/ })).toContainText('unencrypted');

  // Not vacuous: a secret the user enters with the new address does reach the capture server.
  const vcenter = profiles.find((p) => p.vendor === 'vcenter') as ProfileView;
  await call('profiles.update', {
    id: vcenter.id,
    profile: repointed(vcenter),
    secret: 'entered-again-for-the-new-server',
  });
  await call('profiles.test', { id: vcenter.id });
  expect(capture.received('entered-again-for-the-new-server')).toBe(true);
});

test('plain http needs the visible opt-in in the form', async ({ page, harness }) => {
  await page.goto(harness.url);
  await openView(page, 'Profiles');
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  const form = page.getByRole('form', { name: 'New connection' });
  await form.getByLabel('Name', { exact: true }).fill('Plain');
  await form.getByLabel('Address').fill(capture.url);
  await form.getByLabel('User name').fill('admin');
  await form.getByRole('button', { name: 'Save connection' }).click();
  await expect(form.getByRole('alert')).toContainText('not encrypted');
  await form.getByLabel(/Allow unencrypted connection/).check();
  await form.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Plain', exact: true })).toBeVisible();
  await expect(page.getByTestId('insecure-state')).toHaveText('Unencrypted connection allowed (http://)');
});

test("a custom CA is added through main's dialog once its fingerprint is confirmed", async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const info = lab.vendor('vcenter');
  const { input, secret } = labProfile(info);
  const call = caller(page);
  const { id } = await call<ProfileView>('profiles.create', { profile: { ...input, tags: [] }, secret });
  // The user picks the appliance's CA file in main's dialog (the harness stands in for the Electron one).
  await call('test.pickCertificateFile', { content: info.certificatePem });
  await openView(page, 'Profiles');
  await page.getByRole('button', { name: new RegExp(`^${input.name}`) }).click();
  await page.getByRole('button', { name: 'Choose CA certificate…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trust this certificate?' });
  await expect(dialog.getByTestId('fingerprint')).toHaveText(info.fingerprint256 ?? '');
  await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(page.getByTestId('custom-ca')).toContainText('Trusted for this connection');
  // No pin: the CA alone makes the server trusted.
  expect(await call('profiles.test', { id })).toMatchObject({ ok: true });
  expect(
    (await call<ProfileView[]>('profiles.list')).find((p) => p.id === id)?.tls.pinnedFingerprint256,
  ).toBe(undefined);
});
