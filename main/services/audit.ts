import { appendFile, mkdir, open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { toCsv } from '../../common/csv';
import type { AuditEntry, AuditOutcome } from '../../common/inventory';

export interface AuditFilter {
  profileId?: string | undefined;
  outcome?: AuditOutcome | undefined;
  /** Matches machine, profile, action or message, case-insensitively. */
  text?: string | undefined;
  since?: string | undefined;
  limit?: number | undefined;
}

/** Reads at most the last 8 MiB: enough for tens of thousands of entries, and never a stall on a huge log. */
const TAIL_BYTES = 8 * 1024 * 1024;

/**
 * The audit log: one JSON line per mutating action, appended (never rewritten) to `audit.jsonl` in the data
 * directory. Entries carry options but never secrets (no action option is a secret).
 */
export function createAuditLog(dataDirectory: string) {
  const file = join(dataDirectory, 'audit.jsonl');
  let writing = Promise.resolve();

  async function readTail(): Promise<AuditEntry[]> {
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch {
      return [];
    }
    const start = Math.max(0, size - TAIL_BYTES);
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      const lines = buffer.toString('utf8').split('\n');
      if (start > 0) lines.shift(); // a partial first line
      const entries: AuditEntry[] = [];
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          entries.push(JSON.parse(line) as AuditEntry);
        } catch {
          // A torn line (a crash mid-write) is skipped, not fatal.
        }
      }
      return entries;
    } finally {
      await handle.close();
    }
  }

  const matches = (filter: AuditFilter) => {
    const text = filter.text?.trim().toLowerCase();
    return (e: AuditEntry): boolean =>
      (!filter.profileId || e.profileId === filter.profileId) &&
      (!filter.outcome || e.outcome === filter.outcome) &&
      (!filter.since || e.time >= filter.since) &&
      (!text ||
        [e.machineName, e.profileName, e.action, e.message].some((s) => s?.toLowerCase().includes(text)));
  };

  return {
    file,
    append(entry: AuditEntry): Promise<void> {
      // Serialised: lines never interleave even when many tasks end at once.
      writing = writing
        .then(async () => {
          await mkdir(dirname(file), { recursive: true });
          await appendFile(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
        })
        .catch((error: unknown) => console.error('audit: could not append', error));
      return writing;
    },
    async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
      const entries = (await readTail()).filter(matches(filter)).reverse();
      return entries.slice(0, filter.limit ?? 1000);
    },
    async exportCsv(filter: AuditFilter = {}): Promise<{ fileName: string; csv: string }> {
      const entries = (await readTail()).filter(matches(filter));
      return {
        fileName: `vantage-audit-${new Date().toISOString().slice(0, 10)}.csv`,
        csv: toCsv(
          ['time', 'profile', 'machine', 'action', 'options', 'outcome', 'message', 'task'],
          entries.map((e) => [
            e.time,
            e.profileName,
            e.machineName,
            e.action,
            JSON.stringify(e.options),
            e.outcome,
            e.message,
            e.taskId,
          ]),
        ),
      };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
