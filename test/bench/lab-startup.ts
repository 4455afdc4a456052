import { startLab } from '../../lab/lab';
import type { Benchmark } from './types';

const VMS = 100_000;

/** How long the lab takes to seed and serve 100 000 machines over HTTPS (five fresh certificates included). */
export const labStartup: Benchmark = {
  name: 'lab start-up',
  async run() {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const lab = await startLab({ vms: VMS });
    const elapsed = performance.now() - started;
    const rss = process.memoryUsage().rss - before;
    await lab.stop();
    return [
      {
        name: `start with --vms ${VMS}`,
        value: Math.round(elapsed),
        unit: 'ms',
        note: 'seeding + 5 HTTPS servers',
      },
      {
        name: 'memory for the seeded data',
        value: Math.round(rss / 2 ** 20),
        unit: 'MiB',
        note: 'RSS growth',
      },
    ];
  },
};
