import type { Locator, Page } from '@playwright/test';

import type { AuditEntry, Task } from '../../common/inventory';
import type { ProfileView } from '../../common/profiles';
import { labClient, type LabClient } from '../../lab/core/testing';
import { signIn } from '../../lab/ibm-br/test-support';
import { startLab, type Lab, type LabOptions } from '../../lab/lab';
import type { TestApi } from '../harness/test-hooks';
import { expect, test as harnessTest } from './fixtures';
import { addLabProfile, openView } from './inventory-support';

/** The IBM lab as the protection specs read it: its own API, signed in, beside what the page shows. */
export interface IbmLab {
  lab: Lab;
  /** A `/v2/...` GET answered 200, parsed. */
  get<T>(path: string): Promise<T>;
}

/**
 * The harness and an IBM lab of its own for each test; `labOptions` sets its time scale (`test.use`), 1/50 of real
 * time unless told: runs then last about a second, which only a test that must catch a run while it runs slows down.
 */
export const test = harnessTest.extend<{ labOptions: LabOptions; ibm: IbmLab }>({
  labOptions: [{}, { option: true }],
  ibm: async ({ labOptions }, use) => {
    const lab = await startLab({ vendors: ['ibm-br'], vms: 200, timeScale: 0.02, ...labOptions });
    const raw: LabClient = labClient(lab.vendor('ibm-br'));
    const headers = await signIn(raw, lab.vendor('ibm-br'));
    const get = async <T>(path: string): Promise<T> => {
      const answer = await raw.call('GET', `/v2/${path}`, { headers });
      expect(answer.status, answer.text).toBe(200);
      return answer.json as T;
    };
    await use({ lab, get });
    await raw.close();
    await lab.stop();
  },
});
export { expect };

export const addIbm = (page: Page, lab: Lab, name: string, readOnly = false): Promise<ProfileView> =>
  addLabProfile(page, lab.vendor('ibm-br'), { name, readOnly });

export const audit = (page: Page, text: string): Promise<AuditEntry[]> =>
  page.evaluate((text) => (window as unknown as { vantage: TestApi }).vantage.audit.list({ text }), text);
export const tasks = (page: Page): Promise<Task[]> =>
  page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.tasks.list());

export const groupRows = (page: Page): Locator =>
  page.getByRole('grid', { name: 'Protection groups' }).locator('[data-group]');
export const group = (page: Page, name: string): Locator =>
  page.locator(`[role="row"][data-group="${name}"]`);
export const detail = (page: Page): Locator => page.getByRole('region', { name: /^Group / });
export const runRows = (page: Page): Locator =>
  detail(page).getByRole('grid', { name: 'Runs' }).locator('[data-run]');

export async function openProtection(page: Page): Promise<void> {
  await openView(page, 'Protection');
  await expect(groupRows(page).first()).toBeVisible({ timeout: 30_000 });
}

/** The names of the groups the table shows now, top to bottom. */
export const shownGroups = (page: Page): Promise<string[]> =>
  groupRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group') ?? ''));

/** The common start: the page opened, one IBM profile, the Protection view with its groups listed. */
export async function openIbmProtection(page: Page, url: string, lab: Lab): Promise<void> {
  await page.goto(url);
  await addIbm(page, lab, 'Lab IBM');
  await openProtection(page);
}
