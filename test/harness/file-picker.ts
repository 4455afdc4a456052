import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CertificateFilePicker } from '../../main/services/custom-ca';

export interface TestFilePicker {
  pick: CertificateFilePicker;
  /** The file the user picks in main's next dialog. */
  offer(content: string): Promise<void>;
}

/** Stands in for main's file dialog (Node side of the harness): no offered file means "cancelled". */
export function testFilePicker(): TestFilePicker {
  const queue: string[] = [];
  return {
    pick: () => Promise.resolve(queue.shift()),
    async offer(content) {
      const dir = await mkdtemp(join(tmpdir(), 'vantage-pick-'));
      const file = join(dir, 'chosen.pem');
      await writeFile(file, content);
      queue.push(file);
    },
  };
}
