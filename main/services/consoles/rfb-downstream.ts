import { VantageError } from '../../../common/errors';
import { ReadFailure, type ByteReader } from './byte-reader';

const NONE = 1;

const VERSION = new TextEncoder().encode('RFB 003.008\n');
/** One security type (none), then SecurityResult ok. */
const SECURITY = Uint8Array.of(1, NONE, 0, 0, 0, 0);

/**
 * The handshake main plays towards the page once it has authenticated with the real server: a 3.8 server that
 * needs no authentication. noVNC never sees a challenge, so no password or vendor token has to reach the page.
 * The security types and the result go out together (noVNC reads them from its queue in one pass, which saves a
 * round trip); the version must come alone, as noVNC waits for new data after answering it. After this, the page's
 * ClientInit and everything else pass through unchanged (ServerInit and on are the same bytes whichever version
 * each side spoke).
 */
export async function greetPage(
  page: { reader: ByteReader; send(bytes: Uint8Array): void },
  timeoutMs: number,
): Promise<void> {
  page.send(VERSION);
  const read = (count: number): Promise<Uint8Array> =>
    page.reader.read(count, timeoutMs).catch((error: unknown) => {
      // The page, not the server, went quiet.
      if (error instanceof ReadFailure && error.reason === 'timeout')
        throw new VantageError('TIMEOUT', 'The console viewer did not answer; reconnect.');
      throw error;
    });
  const answer = new TextDecoder('latin1').decode(await read(12));
  if (answer !== 'RFB 003.008\n')
    throw new VantageError(
      'INTERNAL',
      `The console viewer answered an unexpected version: ${JSON.stringify(answer)}.`,
    );
  page.send(SECURITY);
  const choice = (await read(1))[0];
  if (choice !== NONE)
    throw new VantageError('INTERNAL', `The console viewer chose security type ${String(choice)}, not none.`);
}
