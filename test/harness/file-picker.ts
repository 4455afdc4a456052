import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CertificateFilePicker } from '../../main/services/custom-ca';

export interface TestFilePicker {
  pick: CertificateFilePicker;
  /** The file the user picks in main's next dialog. */
  offer(content: string): Promise<void>;
  /** Removes the offered files' folders (the harness stops). */
  dispose(): Promise<void>;
}

/** Stands in for main's file dialog (Node side of the harness): no offered file means "cancelled". */
export function testFilePicker(): TestFilePicker {
  const queue: string[] = [];
  const folders: string[] = [];
  return {
    pick: () => Promise.resolve(queue.shift()),
    async offer(content) {
      const dir = await mkdtemp(join(tmpdir(), 'vantage-pick-'));
      folders.push(dir);
      const file = join(dir, 'chosen.pem');
      await writeFile(file, content);
      queue.push(file);
    },
    dispose: async () => {
      await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
