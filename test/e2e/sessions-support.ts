import { expect, type Page } from '@playwright/test';

import type { ProfileView } from '../../common/profiles';
import type { RecoveryCandidate, SessionsListing } from '../../common/sessions';
import type { Lab } from '../../lab/lab';
import type { TestApi } from '../harness/test-hooks';
import { addLabProfile } from './inventory-support';

const vantage = (page: Page) => ({
  list: () => page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.sessions.list()),
  candidates: () =>
    page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.sessions.candidates()),
});

/** A Unitrends profile of the lab appliance, as `username` (root by default; `monitor` is monitor-only). */
export async function addAppliance(
  page: Page,
  lab: Lab,
  user?: { username: string; password: string },
): Promise<ProfileView> {
  return addLabProfile(
    page,
    lab.vendor('unitrends'),
    { name: 'Lab appliance', ...(user ? { username: user.username } : {}) },
    user?.password,
  );
}

export const listing = (page: Page): Promise<SessionsListing> => vantage(page).list();

/**
 * A seeded replica (WIR) that is idle and has nothing pending. Read until the appliance lists one: on a loaded machine
 * the first listing right after sign-in can fail, and then the error says why.
 */
export async function idleReplica(page: Page): Promise<SessionsListing['sessions'][number]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const last = await listing(page);
    const replica = last.sessions.find((s) => s.type === 'wir' && s.mode === 'idle' && !s.pending);
    if (replica) return replica;
    if (Date.now() > deadline)
      throw new Error(`no idle replica listed within 20 s; failures: ${JSON.stringify(last.failures)}`);
    await page.waitForTimeout(250);
  }
}

/** Clients of system 1 whose latest backup no seeded session holds (seeded sessions are named `<client>-ir`). */
export async function freeCandidates(page: Page): Promise<RecoveryCandidate[]> {
  const names = new Set((await listing(page)).sessions.map((s) => s.name));
  return (await vantage(page).candidates()).filter((c) => c.systemId === 1 && !names.has(`${c.name}-ir`));
}

export const row = (page: Page, name: string) => page.locator(`[role="row"][data-session="${name}"]`);

/** Waits until the table shows the session in that status (the view re-reads while sessions change). */
export async function expectStatus(page: Page, name: string, status: string | RegExp): Promise<void> {
  await expect(row(page, name).getByRole('gridcell').nth(5)).toHaveText(status, { timeout: 20_000 });
}

export async function runAction(page: Page, name: string, label: string): Promise<void> {
  await row(page, name).click();
  const actions = page.getByRole('group', { name: 'Session actions' });
  await actions.getByRole('button', { name: label, exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: label, exact: true }).click();
}
