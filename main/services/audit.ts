import { mkdir, open, stat } from 'node:fs/promises';
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

/** Flushes a folder's entries (a new file's name) to disk; not every platform can open a folder, which is fine. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot sync a folder: the entry itself is synced all the same.
  } finally {
    await handle.close();
  }
}

/**
 * The audit log: one JSON line per mutating action, appended (never rewritten) to `audit.jsonl` in the data
 * directory. Entries carry options but never secrets (no action option is a secret). A security record: every append
 * is flushed to disk (fsync) before it resolves, and rejects when the entry could not be recorded, so that the caller
 * can say so. A line torn by a crash mid-append is ended at start, so that it cannot swallow the next entry.
 */
export function createAuditLog(dataDirectory: string) {
  const file = join(dataDirectory, 'audit.jsonl');
  let tailEnded = false;

  /** Ends a torn last line (no newline after it) with one: the fragment stays, unreadable and skipped, alone. */
  async function endTornTail(): Promise<void> {
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0) {
      const handle = await open(file, 'r+');
      try {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) {
          await handle.write('\n', size);
          await handle.sync();
        }
      } finally {
        await handle.close();
      }
    }
    tailEnded = true;
  }

  async function appendLine(line: string): Promise<void> {
    if (!tailEnded) await endTornTail();
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const handle = await open(file, 'ax', 0o600).then(
      async (created) => {
        await syncFolder(dirname(file));
        return created;
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        return open(file, 'a', 0o600);
      },
    );
    try {
      await handle.write(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  // At start, before any append (a failure here is retried by the first append, which then reports it).
  let writing: Promise<unknown> = endTornTail().catch(() => undefined);

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
    /** Resolves once the entry is on disk; rejects when it could not be recorded. */
    append(entry: AuditEntry): Promise<void> {
      // Serialised: lines never interleave even when many tasks end at once.
      const appended = writing.then(() => appendLine(`${JSON.stringify(entry)}\n`));
      writing = appended.catch(() => undefined);
      return appended;
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
