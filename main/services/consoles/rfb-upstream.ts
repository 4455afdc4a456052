import { VantageError } from '../../../common/errors';
import { CHALLENGE_LENGTH, vncAuthResponse } from '../../net/vnc-auth';
import { ReadFailure, type ByteReader } from './byte-reader';

/** The RFB minor versions Vantage speaks (RFC 6143 §7.1.1): 3.3 for servers older than 3.7. */
export type RfbMinor = 3 | 7 | 8;

/** Where a password for VNC Authentication came from: it decides what Vantage does when it is refused. */
export type PasswordSource = 'vendor' | 'keychain' | 'user';

export interface PasswordOffer {
  password: string;
  source: PasswordSource;
}

export interface UpstreamIo {
  reader: ByteReader;
  write(bytes: Uint8Array): void;
  /** Names the server in messages, e.g. `web-01 (10.0.0.5:5901)`. */
  where: string;
}

const SECURITY_NAMES: Readonly<Record<number, string>> = {
  1: 'no authentication',
  2: 'VNC Authentication',
  5: 'RA2',
  6: 'RA2ne',
  16: 'Tight',
  17: 'Ultra',
  18: 'TLS',
  19: 'VeNCrypt',
  20: 'SASL',
  21: 'MD5',
  30: 'Apple Remote Desktop',
};
const NONE = 1;
const VNC_AUTH = 2;

/** What TigerVNC (and the lab) do after repeated wrong passwords, in the words a person needs. */
export const LOCKOUT_EXPLANATION =
  'TigerVNC blocks an address after 5 failed logins in a row (BlacklistThreshold): for 10 s the first time, ' +
  'twice as long after each further failure (BlacklistTimeout). Other servers have similar rules.';

const printable = (bytes: Uint8Array): string =>
  Array.from(bytes.subarray(0, 40), (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·')).join('');

function notVnc(where: string, said: Uint8Array): VantageError {
  return new VantageError(
    'UPSTREAM',
    `${where} is not a VNC server: it answered “${printable(said)}” instead of an RFB greeting.`,
    { received: printable(said) },
  );
}

/**
 * Reads the server's ProtocolVersion and answers it. Anything that is not `RFB xxx.yyy\n` (an HTTP or SSH server, a
 * TLS port, noise) is refused at once with what it said; a server that says nothing times out.
 */
export async function greet(io: UpstreamIo, timeoutMs: number): Promise<RfbMinor> {
  let line: Uint8Array;
  try {
    line = await io.reader.read(12, timeoutMs);
  } catch (error) {
    const partial = io.reader.drain();
    if (partial.length > 0) throw notVnc(io.where, concat(partial));
    if (error instanceof ReadFailure && error.reason === 'timeout')
      throw new VantageError(
        'TIMEOUT',
        `${io.where} accepted the connection but sent no VNC greeting within ${timeoutMs / 1000} s: it is not a VNC server, or it is overloaded.`,
      );
    throw new VantageError(
      'UNREACHABLE',
      `${io.where} closed the connection before greeting: the console may be off, or it does not accept this computer.`,
    );
  }
  const match = /^RFB (\d{3})\.(\d{3})\n$/.exec(new TextDecoder('latin1').decode(line));
  // Quote a little more than the 12 bytes when more came: "HTTP/1.1 400" says less than the whole status line.
  if (!match) throw notVnc(io.where, concat([line, ...io.reader.drain()]));
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major < 3) throw notVnc(io.where, line);
  // Later versions (Apple's 3.889, RealVNC's 4.x and 5.x) accept a 3.8 client; 3.4–3.6 are 3.3 (RFC 6143 §7.1.1).
  const chosen: RfbMinor = major > 3 || minor >= 8 ? 8 : minor === 7 ? 7 : 3;
  io.write(new TextEncoder().encode(`RFB 003.00${chosen}\n`));
  return chosen;
}

function refusedBeforeAuth(where: string, reason: string): VantageError {
  if (/too many/i.test(reason))
    return new VantageError(
      'AUTH_FAILED',
      `${where} refuses this computer for now (“${reason}”), after too many wrong passwords. ${LOCKOUT_EXPLANATION} Wait, then try the password again.`,
      { lockedOut: true, said: reason },
    );
  return new VantageError('UPSTREAM', `${where} refused the connection: “${reason}”.`, { said: reason });
}

async function chooseSecurity(io: UpstreamIo, minor: RfbMinor, timeoutMs: number): Promise<number> {
  if (minor === 3) {
    const type = u32(await io.reader.read(4, timeoutMs));
    if (type === 0) throw refusedBeforeAuth(io.where, await io.reader.readReason(timeoutMs));
    if (type !== NONE && type !== VNC_AUTH) throw unsupported(io.where, [type]);
    return type;
  }
  const count = (await io.reader.read(1, timeoutMs))[0] ?? 0;
  if (count === 0) throw refusedBeforeAuth(io.where, await io.reader.readReason(timeoutMs));
  const offered = [...(await io.reader.read(count, timeoutMs))];
  const chosen = offered.includes(NONE) ? NONE : offered.includes(VNC_AUTH) ? VNC_AUTH : undefined;
  if (chosen === undefined) throw unsupported(io.where, offered);
  io.write(Uint8Array.of(chosen));
  return chosen;
}

function unsupported(where: string, types: number[]): VantageError {
  const names = types.map((t) => SECURITY_NAMES[t] ?? `type ${t}`).join(', ');
  return new VantageError(
    'UNSUPPORTED',
    `${where} asks for ${names}; Vantage supports VNC servers with no authentication or with VNC Authentication (a password).`,
    { securityTypes: types },
  );
}

/** What happens after a wrong password depends on where it came from. */
function wrongPassword(where: string, reason: string, source: PasswordSource): VantageError {
  const whose =
    source === 'vendor'
      ? 'the password the system handed out with the console'
      : source === 'keychain'
        ? 'the password saved in the keychain (Vantage forgot it)'
        : 'the password';
  return new VantageError(
    'AUTH_FAILED',
    `${where} refused ${whose} (“${reason}”). VNC passwords count only their first 8 characters. ${LOCKOUT_EXPLANATION}`,
    { source, said: reason },
  );
}

/**
 * Security negotiation as the client, up to a successful SecurityResult: no authentication when the server offers
 * it, else VNC Authentication with the password `password()` finds (which may ask the user: no deadline then).
 */
export async function authenticate(
  io: UpstreamIo,
  minor: RfbMinor,
  password: () => Promise<PasswordOffer>,
  timeoutMs: number,
): Promise<PasswordOffer | undefined> {
  const type = await chooseSecurity(io, minor, timeoutMs);
  let offer: PasswordOffer | undefined;
  if (type === VNC_AUTH) {
    const challenge = await io.reader.read(CHALLENGE_LENGTH, timeoutMs);
    offer = await password();
    io.write(vncAuthResponse(offer.password, challenge));
  }
  // 3.3 and 3.7 send no SecurityResult for no authentication (RFC 6143 §7.1.3).
  if (type === NONE && minor !== 8) return undefined;
  let result: number;
  try {
    result = u32(await io.reader.read(4, timeoutMs));
  } catch (error) {
    // Some servers just hang up on a wrong password.
    if (offer && error instanceof ReadFailure && error.reason === 'closed')
      throw wrongPassword(io.where, 'connection closed', offer.source);
    throw error;
  }
  if (result === 0) return offer;
  const reason =
    minor === 8 ? await io.reader.readReason(timeoutMs).catch(() => 'no reason given') : 'refused';
  if (offer) throw wrongPassword(io.where, reason, offer.source);
  throw refusedBeforeAuth(io.where, reason);
}

/** ServerInit's fixed part: size, pixel format, name length (RFC 6143 §7.3.2). */
const SERVER_INIT_HEADER = 24;
/** A desktop name longer than this is not a name: the peer is not speaking RFB. */
const MAX_DESKTOP_NAME = 64 * 1024;

/**
 * ClientInit (shared: other viewers stay connected, as noVNC asks in Vantage) and the server's ServerInit, returned
 * as its bytes for the page. Done by main while the page is still greeting it, which saves the page a round trip to
 * the server before its first frame.
 */
export async function initialise(io: UpstreamIo, timeoutMs: number): Promise<Uint8Array> {
  io.write(Uint8Array.of(1));
  const header = await io.reader.read(SERVER_INIT_HEADER, timeoutMs);
  const nameLength = u32(header.subarray(20));
  if (nameLength > MAX_DESKTOP_NAME)
    throw new VantageError(
      'UPSTREAM',
      `${io.where} sent a malformed ServerInit (a ${nameLength}-byte name).`,
    );
  return concat([header, await io.reader.read(nameLength, timeoutMs)]);
}

function u32(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
