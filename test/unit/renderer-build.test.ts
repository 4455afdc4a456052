import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { build, createLogger } from 'vite';
import { describe, expect, it, onTestFinished } from 'vitest';

// The renderer's real build (vite.config.ts) into a scratch folder: no warning, and an output the security scanner
// can read.
const root = resolve(import.meta.dirname, '../..');

describe('the renderer build', () => {
  it('warns about nothing (noVNC top-level await included) and leaves no class private member', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'vantage-renderer-'));
    onTestFinished(() => rmSync(outDir, { recursive: true, force: true }));
    const warnings: string[] = [];
    const logger = createLogger('warn');
    logger.warn = (message) => void warnings.push(message);
    logger.warnOnce = logger.warn;
    await build({
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      customLogger: logger,
      build: { outDir, emptyOutDir: true },
    });
    // Rolldown's PLUGIN_TIMINGS is a report of a slow build (a loaded machine), not about the code: left out.
    expect(warnings.filter((warning) => !warning.includes('[PLUGIN_TIMINGS]'))).toEqual([]);

    const chunks = readdirSync(join(outDir, 'assets')).filter((file) => file.endsWith('.js'));
    const consoles = chunks.find((file) => file.startsWith('ConsolesView'));
    // noVNC's top-level await is kept as such: the target has it.
    expect(readFileSync(join(outDir, 'assets', consoles ?? ''), 'utf8')).toMatch(/=\s*await\s+[\w$]+\(\)/);
    const scan = spawnSync(process.execPath, [join(root, 'scripts/electronegativity.mjs'), outDir], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(scan.stderr).not.toContain('could not parse');
  }, 180_000);
});
