import { createServer } from 'node:net';

/** True when nothing listens on 127.0.0.1:`port` (checked by listening on it for a moment). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * The port `npm run dev:web` listens on: the one asked for with `--port`, or else the usual one when it is free and
 * otherwise any free one (0: the OS picks). A port asked for but taken is an error that says what to pass instead.
 */
export async function choosePort(asked: string | undefined, usual: number): Promise<number> {
  if (asked === undefined) return (await isPortFree(usual)) ? usual : 0;
  const port = Number(asked);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${asked} is not a port number (0 to 65535; 0 picks a free one).`);
  if (port !== 0 && !(await isPortFree(port)))
    throw new Error(
      `Port ${port} on 127.0.0.1 is already in use (another harness?): pass a free one, e.g. \`npm run dev:web -- --port 0\` to let the system pick.`,
    );
  return port;
}
