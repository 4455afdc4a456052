import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

// A deliberately insecure Electron main process, written to a temp folder so that the scan of our own sources
// never sees it.
const INSECURE_MAIN = `const { app, BrowserWindow } = require('electron');
app.whenReady().then(() => {
  const win = new BrowserWindow({
    webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false },
  });
  win.loadURL('http://example.invalid/');
});
`;

describe('security scan', () => {
  let dir = '';
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('fails on an insecure Electron app and names the findings', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vantage-insecure-'));
    await writeFile(join(dir, 'main.js'), INSECURE_MAIN);
    await writeFile(
      join(dir, 'package.json'),
      '{"name":"insecure","main":"main.js","devDependencies":{"electron":"45.4.1"}}',
    );
    const run = spawnSync(process.execPath, ['scripts/electronegativity.mjs', dir], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    for (const check of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'HTTP_RESOURCES_JS_CHECK',
    ])
      expect(run.stderr).toContain(check);
  }, 60_000);
});
