import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { vncPasswordFile } from '../../../main/net/vnc-auth';

/** A real TigerVNC desktop for console tests: Xvnc with VNC Authentication, a solid root colour, an xterm, xev. */
export interface XvncDesktop {
  /** `127.0.0.1:<port>`, what the lab's `vncTarget` forwards to. */
  target: string;
  port: number;
  password: string;
  width: number;
  height: number;
  /** Where the xterm's shell starts: typed commands can leave files here. */
  workDir: string;
  /** The xterm's window, in screen pixels. */
  xterm: { x: number; y: number; width: number; height: number };
  /** What xev printed about key events on the root window so far. */
  keyEvents(): string;
  /** Kills Xvnc (its clients go with it) and removes the files. Safe to call twice. */
  stop(): Promise<void>;
}

export const ROOT_COLOUR = '#12a4d9';
const XTERM_GEOMETRY = { columns: 60, rows: 6, x: 16, y: 16 };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits for a child's first line on stdout (Xvnc's -displayfd writes the display number once it serves). */
function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${String(code)}`)));
    child.stdout?.once('data', (data: Buffer) => resolve(data.toString().trim()));
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${String(code)}`)),
    );
  });
}

/**
 * Starts `Xvnc -rfbport P -localhost -SecurityTypes VncAuth -PasswordFile F -nolisten tcp -BlacklistThreshold 100`
 * on a free display and port (the high threshold keeps the wrong-password tests from locking the next ones out),
 * paints the root window, and starts an xterm and an xev on it.
 */
export async function startXvncDesktop(
  options: { password?: string; xterm?: boolean; width?: number; height?: number } = {},
): Promise<XvncDesktop> {
  const password = options.password ?? 'vantage8';
  const width = options.width ?? 800;
  const height = options.height ?? 600;
  const dir = await mkdtemp(join(tmpdir(), 'vantage-xvnc-'));
  const workDir = join(dir, 'work');
  await writeFile(join(dir, 'passwd'), vncPasswordFile(password));
  await mkdir(workDir);
  const port = await freePort();
  const xvnc = spawn(
    'Xvnc',
    [
      '-displayfd',
      '1',
      '-rfbport',
      String(port),
      '-localhost',
      '-SecurityTypes',
      'VncAuth',
      '-PasswordFile',
      join(dir, 'passwd'),
      '-nolisten',
      'tcp',
      '-BlacklistThreshold',
      '100',
      '-geometry',
      `${width}x${height}`,
      '-desktop',
      'vantage-e2e',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const children: ChildProcess[] = [xvnc];
  let events = '';
  const stop = async (): Promise<void> => {
    for (const child of children.reverse())
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    children.length = 0;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const display = `:${await firstLine(xvnc, 'Xvnc')}`;
    const env = { ...process.env, DISPLAY: display, HOME: workDir, PS1: '$ ' };
    await run('xsetroot', ['-solid', ROOT_COLOUR], env);
    const xev = spawn('xev', ['-root', '-event', 'keyboard'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(xev);
    xev.stdout.on('data', (data: Buffer) => (events += data.toString()));
    if (options.xterm !== false) {
      const { columns, rows, x, y } = XTERM_GEOMETRY;
      const xterm = spawn('xterm', ['-geometry', `${columns}x${rows}+${x}+${y}`, '-e', 'sh'], {
        env,
        cwd: workDir,
        stdio: 'ignore',
      });
      children.push(xterm);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    target: `127.0.0.1:${port}`,
    port,
    password,
    width,
    height,
    workDir,
    // xterm's default 6x13 font, plus its 2-pixel inner border on each side.
    xterm: {
      x: XTERM_GEOMETRY.x,
      y: XTERM_GEOMETRY.y,
      width: XTERM_GEOMETRY.columns * 6 + 4,
      height: XTERM_GEOMETRY.rows * 13 + 4,
    },
    keyEvents: () => events,
    stop,
  };
}

/** Polls a file until it exists (a command typed into the xterm wrote it). */
export async function waitForFile(path: string, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
