import { expect, type Page } from '@playwright/test';

import type { ProfileInput, ProfileView } from '../../common/profiles';
import { VENDOR_IDS } from '../../common/vendors';
import type { Lab, LabVendorInfo } from '../../lab/lab';
import { labProfile } from '../../main/services/demo';
import type { TestApi } from '../harness/test-hooks';

/**
 * Creates one trusted profile per lab vendor through the page's API (the Profiles view has its own tests). Trust is
 * given as a person gives it: main fetches the certificate and pins it when the fingerprint is the one confirmed.
 */
export async function addLabProfiles(page: Page, lab: Lab): Promise<ProfileView[]> {
  // Not demo profiles: those would bring the built-in demo lab back on a restart.
  const inputs = VENDOR_IDS.map((vendor) => {
    const info = lab.vendor(vendor);
    const { input, secret } = labProfile(info);
    const profile = { ...input, name: `Lab ${vendor}`, tags: ['lab'], folder: 'Lab' };
    return { input: profile, secret, fingerprint256: info.fingerprint256 };
  });
  return page.evaluate(
    (list) =>
      Promise.all(
        list.map(async ({ input, secret, fingerprint256 }) => {
          const api = (window as unknown as { vantage: TestApi }).vantage;
          const created = await api.profiles.create({ profile: input, secret, keep: 'keychain' });
          return fingerprint256 ? api.profiles.trust({ id: created.id, fingerprint256 }) : created;
        }),
      ),
    inputs,
  );
}

/**
 * One trusted profile of a lab vendor through the page's API, with `patch` over the demo's fields (name, read-only…),
 * signed in with `password` when given (another lab user). The lab is HTTPS with a self-signed certificate: trusted as
 * a person does, by its confirmed fingerprint.
 */
export async function addLabProfile(
  page: Page,
  info: LabVendorInfo,
  patch: Partial<ProfileInput>,
  password?: string,
): Promise<ProfileView> {
  const { input, secret } = labProfile(info);
  return page.evaluate(
    async ({ input, secret, fingerprint256 }) => {
      const api = (window as unknown as { vantage: TestApi }).vantage;
      const created = await api.profiles.create({ profile: input, secret, keep: 'keychain' });
      return fingerprint256 ? api.profiles.trust({ id: created.id, fingerprint256 }) : created;
    },
    {
      input: { ...input, tags: ['lab'], ...patch },
      secret: password ?? secret,
      fingerprint256: info.fingerprint256,
    },
  );
}

export async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name }).click();
}

/** Refreshes everything and waits until every profile has finished (ok or failed). */
export async function refreshAll(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll('.statuses li')];
    return (
      items.length > 0 &&
      items.every((li) => !li.classList.contains('loading') && !li.classList.contains('empty'))
    );
  });
  // The table merges pages on a short timer: wait until it shows what main holds.
  const held = await page.evaluate(() =>
    (window as unknown as { vantage: TestApi }).vantage.inventory.snapshot().then((s) => s.machines.length),
  );
  await expect.poll(async () => (await shownCount(page)).total).toBe(held);
}

/** Chooses an entry of the inventory's View menu (grouping, columns, automatic refresh, export). */
export async function viewMenu(
  page: Page,
  role: 'menuitem' | 'menuitemradio' | 'menuitemcheckbox',
  name: string,
): Promise<void> {
  const menu = page.getByRole('menu');
  if (!(await menu.isVisible())) await page.getByRole('button', { name: /^View/ }).click();
  await menu.getByRole(role, { name, exact: true }).click();
}

export async function shownCount(page: Page): Promise<{ shown: number; total: number }> {
  const text = (await page.locator('.count').textContent()) ?? '';
  const [, shown = 'NaN', total = 'NaN'] = /(\d+) of (\d+)/.exec(text) ?? [];
  return { shown: Number(shown), total: Number(total) };
}

export async function search(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search machines' }).fill(text);
}

/** Selects the rows whose vendor ids are given (searching for each), then shows them all again. */
export async function selectByVendorIds(page: Page, vendorIds: readonly string[]): Promise<void> {
  for (const [index, vendorId] of vendorIds.entries()) {
    await search(page, vendorId);
    const row = page.locator(`[data-machine$="/${vendorId}"]`).first();
    await row.click({ modifiers: index === 0 ? [] : ['ControlOrMeta'] });
  }
  await search(page, '');
}

/** The usual start: the page opened, one profile per lab vendor, the inventory shown and fully loaded. */
export async function openLabInventory(page: Page, url: string, lab: Lab): Promise<ProfileView[]> {
  await page.goto(url);
  const profiles = await addLabProfiles(page, lab);
  await openView(page, 'Inventory');
  await refreshAll(page);
  return profiles;
}
