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
 * vendor token has to reach the page. Every message of it goes out as soon as main has it, without waiting for the
 * page's answers: the version and the security types at once (they need nothing from the real server), then, once
 * main is authenticated there, SecurityResult and ServerInit together (`admitPage`). Stream messages keep their
 * boundaries and noVNC handles each as it comes (it stops after answering the version, then reads on), so the page
 * spends no round trip on main, and the connection costs the longer of the two handshakes, not their sum.
 */
export function offerNoAuthentication(page: PageIo): void {
  page.send(VERSION);
  page.send(SECURITY_TYPES);
}

/** SecurityResult ok and the server's ServerInit in one message (noVNC answers ClientInit in between). */
export function admitPage(page: PageIo, serverInit: Uint8Array): void {
  const message = new Uint8Array(SECURITY_OK.length + serverInit.length);
  message.set(SECURITY_OK);
  message.set(serverInit, SECURITY_OK.length);
  page.send(message);
}

/**
 * The page's side, read once it has been admitted: its version, its choice of "none", and its ClientInit, which
 * main already sent the server (shared) and drops. Everything after passes through unchanged.
 */
export async function readPageAnswers(page: PageIo, timeoutMs: number): Promise<void> {
  const read = reading(page, timeoutMs);
  const answer = new TextDecoder('latin1').decode(await read(12));
  if (answer !== 'RFB 003.008\n')
    throw new VantageError(
      'INTERNAL',
      `The console viewer answered an unexpected version: ${JSON.stringify(answer)}.`,
    );
  const choice = (await read(1))[0];
  if (choice !== NONE)
    throw new VantageError('INTERNAL', `The console viewer chose security type ${String(choice)}, not none.`);
  await read(1);
}
