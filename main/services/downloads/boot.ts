import { readFile } from 'node:fs/promises';
import { uptime } from 'node:os';

/** Two estimates of one boot's start differ by clock adjustments only; a reboot moves it by the whole uptime. */
const SAME_BOOT_TOLERANCE_MS = 30_000;

/**
 * Names this boot of the machine: Linux's boot id, elsewhere the time it started (now − uptime). A state file saved in
 * another boot may claim chunks whose bytes never left the page cache (a power cut, a crash of the system).
 */
export async function currentBoot(): Promise<string> {
  const id = await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => '');
  return id.trim() ? `id:${id.trim()}` : `at:${Math.round(Date.now() - uptime() * 1000)}`;
}

/** Whether a state saved in boot `saved` was saved in this one; an unknown boot counts as another (the safe side). */
export function sameBoot(saved: string | undefined, current: string): boolean {
  if (!saved) return false;
  if (saved.startsWith('at:') && current.startsWith('at:'))
    return Math.abs(Number(saved.slice(3)) - Number(current.slice(3))) < SAME_BOOT_TOLERANCE_MS;
  return saved === current;
}
