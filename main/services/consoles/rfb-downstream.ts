import { VantageError } from '../../../common/errors';
import { ReadFailure, type ByteReader } from './byte-reader';

const NONE = 1;

const VERSION = new TextEncoder().encode('RFB 003.008\n');
/** One security type: none. */
const SECURITY_TYPES = Uint8Array.of(1, NONE);
const SECURITY_OK = Uint8Array.of(0, 0, 0, 0);

export interface PageIo {
  reader: ByteReader;
  send(bytes: Uint8Array): void;
}

const reading =
  (page: PageIo, timeoutMs: number) =>
  (count: number): Promise<Uint8Array> =>
    page.reader.read(count, timeoutMs).catch((error: unknown) => {
      // The page, not the server, went quiet.
      if (error instanceof ReadFailure && error.reason === 'timeout')
        throw new VantageError('TIMEOUT', 'The console viewer did not answer; reconnect.');
      throw error;
    });

/**
 * The handshake main plays towards the page: a 3.8 server that needs no authentication, so that no password or
 * vendor token has to reach the page. It needs nothing from the real server, so it starts as soon as the stream
 * does, while main connects and authenticates there. The version and the security types go out at once, as two
 * messages without waiting for the page's answers: stream messages keep their boundaries, noVNC stops after
 * answering the version and reads the types when their message arrives, so no round trip is spent. This checks the
 * page's answers (its version, then "none"); the page then waits for the SecurityResult, which `admitPage` sends.
 */
export async function offerNoAuthentication(page: PageIo, timeoutMs: number): Promise<void> {
  const read = reading(page, timeoutMs);
  page.send(VERSION);
  page.send(SECURITY_TYPES);
  const answer = new TextDecoder('latin1').decode(await read(12));
  if (answer !== 'RFB 003.008\n')
    throw new VantageError(
      'INTERNAL',
      `The console viewer answered an unexpected version: ${JSON.stringify(answer)}.`,
    );
  const choice = (await read(1))[0];
  if (choice !== NONE)
    throw new VantageError('INTERNAL', `The console viewer chose security type ${String(choice)}, not none.`);
}

/**
 * Once main is authenticated and has the server's ServerInit: SecurityResult ok and the ServerInit together (noVNC
 * reads on through its queue, answering ClientInit in between), then the page's ClientInit, which main already
 * sent the server and drops. Everything after passes through unchanged.
 */
export async function admitPage(page: PageIo, serverInit: Uint8Array, timeoutMs: number): Promise<void> {
  const message = new Uint8Array(SECURITY_OK.length + serverInit.length);
  message.set(SECURITY_OK);
  message.set(serverInit, SECURITY_OK.length);
  page.send(message);
  await reading(page, timeoutMs)(1);
}
