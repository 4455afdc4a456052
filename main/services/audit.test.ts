import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { AuditEntry } from '../../common/inventory';
import { createAuditLog } from './audit';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vantage-audit-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const entry = (action: string): AuditEntry => ({
  time: new Date().toISOString(),
  profileId: 'p-1',
  profileName: 'Lab',
  machineName: 'web-01',
  action,
  options: {},
  outcome: 'succeeded',
  message: '',
});

describe('the audit log', () => {
  it('ends a line torn by a crash mid-append at start, so that the next entry is kept', async () => {
    const file = join(dir, 'audit.jsonl');
    await writeFile(
      file,
      `${JSON.stringify(entry('vm.stop'))}\n${JSON.stringify(entry('vm.start')).slice(0, 40)}`,
    );
    const audit = createAuditLog(dir);
    await audit.append(entry('vm.reboot'));
    expect((await audit.list()).map((e) => e.action)).toEqual(['vm.reboot', 'vm.stop']);
    // The fragment stays on its own line (evidence of the crash), and the file ends with a whole line.
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });

  it('rejects an append it could not write, and still writes the next one once it can', async () => {
    const file = join(dir, 'audit.jsonl');
    await mkdir(file); // a folder in the file's place: a real failure, even for root
    const audit = createAuditLog(dir);
    await expect(audit.append(entry('vm.stop'))).rejects.toMatchObject({ code: 'EISDIR' });
    await rm(file, { recursive: true });
    await audit.append(entry('vm.start'));
    expect((await audit.list()).map((e) => e.action)).toEqual(['vm.start']);
  });

  it('keeps the file private to the user (0600)', async () => {
    await createAuditLog(dir).append(entry('vm.stop'));
    expect((await stat(join(dir, 'audit.jsonl'))).mode & 0o777).toBe(0o600);
  });
});
