import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { FirstFrame } from '../consoles/first-frame';
import { encodePng } from '../consoles/png';
import type { FrameProbe } from './dr-test';

/**
 * The DR test's console probe: the first whole frame of a session's console, timed, kept as a PNG in the data
 * folder's `dr-evidence` (owner-only, like everything there) for the report to point at.
 */
export function consoleEvidence(
  firstFrame: (sessionId: string, signal: AbortSignal, password?: string) => Promise<FirstFrame>,
  dataDirectory: string,
): FrameProbe {
  const folder = join(dataDirectory, 'dr-evidence');
  return async (sessionId, signal, password) => {
    const frame = await firstFrame(sessionId, signal, password);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    const file = join(folder, `${sessionId.replace(/[^\w.-]+/g, '_')}-${stamp}.png`);
    await writeFile(file, encodePng(frame.width, frame.height, frame.rgb), { mode: 0o600 });
    return { ms: frame.ms, screenshot: file };
  };
}
