import { setTimeout as sleep } from 'node:timers/promises';

import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type { GuestCredentials, GuestFamily, GuestOperations } from '../../connectors/guest';

/**
 * Runs one command in a guest and captures its output the way PowerCLI's Invoke-VMScript does, since vCenter's
 * API has none: the shell of the guest's family redirects stdout and stderr to temporary files, Vantage follows
 * the process to its exit code, fetches both files through the file-transfer API and deletes them.
 */

export interface GuestRunRequest {
  /** A command line for the guest's shell (`systemctl is-active nginx`). */
  command: string;
  timeoutMs: number;
  /** Per stream. */
  outputLimitBytes: number;
}

export interface GuestRunResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  truncated: boolean;
  started: string;
  finished: string | undefined;
  durationMs: number;
  /** Set when the wait ran out or the run was cancelled: the process was ended. */
  killed?: 'timeout' | 'cancelled';
}

const FIRST_POLL_MS = 200;
const MAX_POLL_MS = 2000;

/** The shell that runs a command line with its output redirected, per guest family. */
export function shellFor(
  family: GuestFamily,
  command: string,
  out: string,
  err: string,
): { path: string; arguments: string } {
  if (family === 'WINDOWS')
    return { path: 'C:\\Windows\\System32\\cmd.exe', arguments: `/c ${command} 1>"${out}" 2>"${err}"` };
  // POSIX sh: the command as one single-quoted argument, its own quotes escaped.
  const quoted = `'${command.replaceAll("'", `'"'"'`)}'`;
  return { path: '/bin/sh', arguments: `-c ${quoted} 1>'${out}' 2>'${err}'` };
}

export async function runInGuest(
  guest: GuestOperations,
  machine: Machine,
  who: GuestCredentials,
  request: GuestRunRequest,
  signal: AbortSignal,
): Promise<GuestRunResult> {
  if (!request.command.trim()) throw new VantageError('INVALID_ARGUMENT', 'Enter a command to run.');
  const family = await guest.family(machine);
  if (family === 'OTHER')
    throw new VantageError(
      'UNSUPPORTED',
      `${machine.name}'s guest is neither Linux nor Windows: no shell to run it.`,
    );
  const out = await guest.createTemporaryFile(machine, who, 'vantage-', '.out');
  const err = await guest.createTemporaryFile(machine, who, 'vantage-', '.err');
  const begun = performance.now();
  try {
    const pid = await guest.start(machine, who, shellFor(family, request.command, out, err));
    let delay = FIRST_POLL_MS;
    let info = await guest.process(machine, who, pid);
    let killed: GuestRunResult['killed'];
    while (info.exitCode === undefined) {
      if (signal.aborted || performance.now() - begun > request.timeoutMs) {
        killed = signal.aborted ? 'cancelled' : 'timeout';
        await guest.kill(machine, who, pid).catch(() => undefined);
        info = await guest.process(machine, who, pid).catch(() => info);
        break;
      }
      await sleep(delay);
      delay = Math.min(delay * 1.5, MAX_POLL_MS);
      info = await guest.process(machine, who, pid);
    }
    const stdout = await guest.readFile(machine, who, out, request.outputLimitBytes);
    const stderr = await guest.readFile(machine, who, err, request.outputLimitBytes);
    return {
      exitCode: info.exitCode,
      stdout: stdout.text,
      stderr: stderr.text,
      truncated: stdout.truncated || stderr.truncated,
      started: info.started,
      finished: info.finished,
      durationMs: Math.round(performance.now() - begun),
      ...(killed ? { killed } : {}),
    };
  } finally {
    // The temporary files are ours: never leave them behind, whatever happened.
    for (const path of [out, err]) await guest.deleteFile(machine, who, path).catch(() => undefined);
  }
}
