import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectionOptions } from 'node:tls';

import { Agent, EnvHttpProxyAgent, errors as undiciErrors, request, type Dispatcher } from 'undici';

import { VantageError } from '../../common/errors';
import type { TlsSettings } from '../../common/tls';
import { JsonTooDeepError, MAX_JSON_DEPTH, parseJson } from './json';
import { operationSignal, seconds } from './operation';
import { certificateError, tlsFailure, tlsOptions } from './tls-trust';

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Relative to the client's base URL (which may itself carry a path such as `/v2`). */
  path: string;
  /** Arrays are comma-joined, the convention of the APIs Vantage speaks to. */
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Safe to send twice. Defaults to true for GET and HEAD only: a repeated power action is never a retry. */
  idempotent?: boolean;
  /** Whether the auth strategy applies (false for the sign-in call itself). */
  authenticate?: boolean;
  /** The deadline of this call, retries included (default: the client's, 15 s). */
  timeoutMs?: number;
  /** Keep integers beyond 2^53 exact (as strings). */
  int64?: boolean;
  /**
   * The most this call can legitimately answer, in bytes: reading stops past it. Defaults to the client's limit, or
   * SIGN_IN_BODY_LIMIT for calls made without authentication (sign-in, version probes).
   */
  maxBodyBytes?: number;
  /** Ends the call (and its retries) early; the operation's deadline (`withOperation`) applies as well. */
  signal?: AbortSignal;
  /** The body is data (a file), never parsed as JSON even when it looks like it. */
  raw?: boolean;
  /** The body is binary (a download chunk): kept as bytes in `data`, never decoded as text. */
  bytes?: boolean;
  /**
   * A 2xx body is handed over piece by piece (`at`: its position in the body) instead of being kept: a download
   * writes it where it belongs. A retried call hands its pieces over again from 0.
   */
  sink?: (piece: Buffer, at: number) => Promise<void>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text when it is not JSON (empty when `body` holds it). */
  text: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
  /** The body's bytes, for a request with `bytes` and a 2xx answer. */
  data?: Buffer;
  /** Bytes handed to the request's `sink`. */
  sunk?: number;
}

/** How a vendor signs its requests, and how it recovers when the upstream says the session is gone. */
export interface AuthStrategy {
  headers(): Promise<Record<string, string>>;
  isAuthFailure(response: HttpResponse): boolean;
  /** Drops the current session and signs in again. */
  renew(): Promise<void>;
}

export interface HttpClientOptions {
  baseUrl: string;
  tls: TlsSettings;
  timeoutMs?: number;
  retries?: number;
  /** The default body limit of this client's calls (DEFAULT_BODY_LIMIT). */
  maxBodyBytes?: number;
  auth?: AuthStrategy;
  /** A name for messages ("vCenter lab"), so that errors say which system failed. */
  label: string;
}

export interface HttpClient {
  readonly baseUrl: URL;
  send(req: HttpRequest): Promise<HttpResponse>;
  setAuth(auth: AuthStrategy): void;
  close(): Promise<void>;
}

/** One call as it is tried: the request, where it goes, what ends it and its deadline. */
interface Call {
  req: HttpRequest;
  url: URL;
  signal: AbortSignal;
  timeoutMs: number;
}

const RETRY_STATUSES = new Set([502, 503, 504]);

const MiB = 1024 * 1024;
/** A listing page of thousands of machines weighs a few MiB; this leaves a wide margin and still bounds memory. */
export const DEFAULT_BODY_LIMIT = 64 * MiB;
/** A sign-in answers a token, a version probe a few fields: a few KiB in truth. */
export const SIGN_IN_BODY_LIMIT = 4 * MiB;

/** Answers worth asking again: a truncated body reads as malformed JSON. An over-large one is never retried. */
const retryable = new WeakSet<VantageError>();

const mebibytes = (bytes: number): string => `${Math.round((bytes / MiB) * 10) / 10} MiB`;

function tooLarge(label: string, status: number, limit: number): VantageError {
  return new VantageError(
    'UPSTREAM',
    `${label} answered with more than ${mebibytes(limit)}, far more than this call can return: the answer was too large and Vantage stopped reading it.`,
    { status, limitBytes: limit },
  );
}

/** The body, read until `limit` bytes at most; past it, the body is dropped and the error thrown. */
async function readCapped(
  body: Dispatcher.ResponseData['body'],
  limit: number,
  tooBig: () => Error,
): Promise<Buffer> {
  // The bytes stay outside V8's heap until the end, where memory freed goes back to the system at once: an
  // over-large answer dropped halfway leaves no inflated heap behind.
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw tooBig();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export function buildUrl(base: URL, path: string, query?: Record<string, QueryValue>): URL {
  const relative = path.replace(/^\/+/, '');
  const basePath = base.pathname.endsWith('/') || !relative ? base.pathname : `${base.pathname}/`;
  const url = new URL(basePath + relative, base);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return url;
}

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Network failures in words a person understands; transient ones may be retried. */
function networkError(
  label: string,
  url: URL,
  error: unknown,
  timeoutMs: number,
): { error: VantageError; transient: boolean } {
  const code = networkCode(error);
  const where = `${label} (${url.host})`;
  const name = (error as { name?: unknown }).name;
  if (error instanceof VantageError) return { error, transient: false };
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return {
      error: new VantageError(
        'TIMEOUT',
        `${where} did not answer in time: no complete answer within ${seconds(timeoutMs)}.`,
        { code, limitMs: timeoutMs },
      ),
      // The deadline covers every try of a call: once it has passed there is no time left for another.
      transient: false,
    };
  if (code === 'ECONNREFUSED')
    return {
      error: new VantageError('UNREACHABLE', `${where} refused the connection: nothing is listening there.`, {
        code,
      }),
      transient: false,
    };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return {
      error: new VantageError('UNREACHABLE', `${where}: the host name cannot be resolved.`, { code }),
      transient: code === 'EAI_AGAIN',
    };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return {
      error: new VantageError('UNREACHABLE', `${where} cannot be reached from this network.`, { code }),
      transient: false,
    };
  if (
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'EPIPE' ||
    error instanceof undiciErrors.ResponseContentLengthMismatchError
  )
    return {
      error: new VantageError(
        'UNREACHABLE',
        `${where} dropped the connection before the answer was complete.`,
        { code },
      ),
      transient: true,
    };
  const message = error instanceof Error ? error.message : String(error);
  return { error: new VantageError('UNREACHABLE', `${where}: ${message}`, { code }), transient: false };
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * Connections to one server (8 at most, kept alive), through the proxy named by HTTPS_PROXY / HTTP_PROXY (honouring
 * NO_PROXY) when there is one. Without one, a plain agent: the proxy-aware one re-reads NO_PROXY on every request.
 */
function dispatcherFor(tlsSettings: ConnectionOptions): Dispatcher {
  const pool = { connect: tlsSettings, keepAliveTimeout: 10_000, connections: 8 };
  return PROXY_VARIABLES.some((name) => process.env[name])
    ? new EnvHttpProxyAgent({ ...pool, requestTls: tlsSettings })
    : new Agent(pool);
}

/**
 * The HTTP client every connector uses: verified TLS (system roots + the profile's CA or pinned certificate),
 * proxies from HTTPS_PROXY/NO_PROXY, a timeout on every call, retries with backoff for idempotent calls only,
 * and one re-authentication and replay when the upstream says the session is gone.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = new URL(options.baseUrl);
  const dispatcher = dispatcherFor(tlsOptions(options.tls));
  let auth = options.auth;
  const maxRetries = options.retries ?? 2;

  const once = async ({ req, url, signal, timeoutMs }: Call): Promise<HttpResponse> => {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (auth && req.authenticate !== false) Object.assign(headers, await auth.headers());
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const answer = await request(url, {
      method: req.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      dispatcher,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const limit =
      req.maxBodyBytes ??
      (req.authenticate === false ? SIGN_IN_BODY_LIMIT : (options.maxBodyBytes ?? DEFAULT_BODY_LIMIT));
    const tooBig = (): VantageError => tooLarge(options.label, answer.statusCode, limit);
    if (Number(answer.headers['content-length']) > limit) {
      answer.body.destroy();
      throw tooBig();
    }
    if (req.sink && answer.statusCode >= 200 && answer.statusCode < 300) {
      let at = 0;
      for await (const piece of answer.body as AsyncIterable<Buffer>) {
        if (at + piece.length > limit) {
          answer.body.destroy();
          throw tooBig();
        }
        await req.sink(piece, at);
        at += piece.length;
      }
      return { status: answer.statusCode, headers: answer.headers, text: '', body: undefined, sunk: at };
    }
    const read = await readCapped(answer.body, limit, tooBig);
    if (req.bytes && answer.statusCode >= 200 && answer.statusCode < 300)
      return { status: answer.statusCode, headers: answer.headers, text: '', body: undefined, data: read };
    const text = read.toString('utf8');
    const type = String(answer.headers['content-type'] ?? '');
    let parsed: unknown;
    if (!req.raw && text.length > 0 && (type.includes('json') || /^\s*[[{"]/.test(text))) {
      try {
        parsed = parseJson(text, { int64: req.int64 ?? false, maxDepth: MAX_JSON_DEPTH });
      } catch (error) {
        if (error instanceof JsonTooDeepError)
          throw new VantageError(
            'UPSTREAM',
            `${options.label} answered with JSON nested deeper than ${error.limit} levels, which no real record is: Vantage refused it.`,
            { status: answer.statusCode, excerpt: text.slice(0, 200) },
          );
        const malformed = new VantageError(
          'UPSTREAM',
          `${options.label} answered ${answer.statusCode} with malformed JSON.`,
          { status: answer.statusCode, excerpt: text.slice(0, 200) },
        );
        retryable.add(malformed);
        throw malformed;
      }
    }
    // A parsed body is not kept as text too: a large listing would hold twice its size until it is mapped.
    return {
      status: answer.statusCode,
      headers: answer.headers,
      text: parsed === undefined ? text : '',
      body: parsed,
    };
  };

  /** Why a call whose signal aborted ended: its own deadline, the operation's, or a cancellation. */
  const aborted = (reason: unknown, url: URL, timeoutMs: number): VantageError => {
    if (reason instanceof VantageError) return reason;
    if (reason instanceof DOMException && reason.name === 'TimeoutError')
      return networkError(options.label, url, reason, timeoutMs).error;
    return new VantageError('CANCELLED', `The call to ${options.label} was cancelled.`);
  };

  const attempts = async (call: Call): Promise<HttpResponse> => {
    const { req, url, signal, timeoutMs } = call;
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'HEAD');
    const pause = (attempt: number): Promise<void> =>
      sleep(150 * 2 ** attempt, undefined, { signal }).catch(() => {
        throw aborted(signal.reason, url, timeoutMs);
      });
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await once(call);
      } catch (error) {
        if (signal.aborted) throw aborted(signal.reason, url, timeoutMs);
        if (error instanceof VantageError) {
          if (retryable.has(error) && idempotent && attempt < maxRetries) {
            await pause(attempt);
            continue;
          }
          throw error;
        }
        const tls = tlsFailure(error);
        if (tls) throw await certificateError(url, options.tls, tls);
        const failure = networkError(options.label, url, error, timeoutMs);
        if (failure.transient && idempotent && attempt < maxRetries) {
          await pause(attempt);
          continue;
        }
        throw failure.error;
      }
      if (auth && req.authenticate !== false && !renewed && auth.isAuthFailure(response)) {
        // The session expired or was revoked: sign in again once and replay the same call.
        renewed = true;
        await auth.renew();
        attempt--;
        continue;
      }
      if (RETRY_STATUSES.has(response.status) && idempotent && attempt < maxRetries) {
        await pause(attempt);
        continue;
      }
      return response;
    }
  };

  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const url = buildUrl(baseUrl, req.path, req.query);
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? 15_000;
    // One deadline for the call, every try included: a server that trickles its answer costs one timeout, not one
    // per try. It is cleared as soon as the call ends (AbortSignal.timeout would keep every call's timer alive for
    // the full timeout, which adds up over thousands of listing calls), and the caller's and the operation's signals
    // end it too, through listeners removed at the end (no signal outlives its call).
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(new DOMException('deadline', 'TimeoutError')), timeoutMs);
    const outer = [req.signal, operationSignal()].filter((s): s is AbortSignal => s !== undefined);
    const relay = (event: Event): void => stop.abort((event.target as AbortSignal).reason);
    for (const signal of outer) {
      if (signal.aborted) stop.abort(signal.reason);
      else signal.addEventListener('abort', relay, { once: true });
    }
    try {
      if (stop.signal.aborted) throw aborted(stop.signal.reason, url, timeoutMs);
      return await attempts({ req, url, signal: stop.signal, timeoutMs });
    } finally {
      clearTimeout(timer);
      for (const signal of outer) signal.removeEventListener('abort', relay);
    }
  };

  return {
    baseUrl,
    send,
    setAuth(next) {
      auth = next;
    },
    close: () => dispatcher.close(),
  };
}
