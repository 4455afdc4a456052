import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectionOptions } from 'node:tls';

import { Agent, EnvHttpProxyAgent, errors as undiciErrors, request, type Dispatcher } from 'undici';

import { VantageError } from '../../common/errors';
import type { TlsSettings } from '../../common/tls';
import { parseJson } from './json';
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
  timeoutMs?: number;
  /** Keep integers beyond 2^53 exact (as strings). */
  int64?: boolean;
  /** The body is data (a file), never parsed as JSON even when it looks like it. */
  raw?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text when it is not JSON (empty when `body` holds it). */
  text: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
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

const RETRY_STATUSES = new Set([502, 503, 504]);

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
function networkError(label: string, url: URL, error: unknown): { error: VantageError; transient: boolean } {
  const code = networkCode(error);
  const where = `${label} (${url.host})`;
  const name = (error as { name?: unknown }).name;
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return {
      error: new VantageError('TIMEOUT', `${where} did not answer in time.`, { code }),
      transient: true,
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

  const once = async (req: HttpRequest, url: URL): Promise<HttpResponse> => {
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
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? 15_000;
    // A deadline for the whole exchange, cleared as soon as it ends: AbortSignal.timeout would keep every call's
    // signal, timer and listeners alive for the full timeout, which adds up over thousands of listing calls.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('deadline', 'TimeoutError')), timeoutMs);
    let text: string;
    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(url, {
        method: req.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        dispatcher,
        signal: deadline.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      text = await answer.body.text();
    } finally {
      clearTimeout(timer);
    }
    const type = String(answer.headers['content-type'] ?? '');
    let parsed: unknown;
    if (!req.raw && text.length > 0 && (type.includes('json') || /^\s*[[{"]/.test(text))) {
      try {
        parsed = parseJson(text, { int64: req.int64 ?? false });
      } catch {
        throw new VantageError(
          'UPSTREAM',
          `${options.label} answered ${answer.statusCode} with malformed JSON.`,
          { status: answer.statusCode, excerpt: text.slice(0, 200) },
        );
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

  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const url = buildUrl(baseUrl, req.path, req.query);
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'HEAD');
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await once(req, url);
      } catch (error) {
        if (error instanceof VantageError) {
          // A truncated body parses as malformed JSON: worth another try when the call is safe to repeat.
          if (error.code === 'UPSTREAM' && idempotent && attempt < maxRetries) {
            await sleep(150 * 2 ** attempt);
            continue;
          }
          throw error;
        }
        const tls = tlsFailure(error);
        if (tls) throw await certificateError(url, options.tls, tls);
        const failure = networkError(options.label, url, error);
        if (failure.transient && idempotent && attempt < maxRetries) {
          await sleep(150 * 2 ** attempt);
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
        await sleep(150 * 2 ** attempt);
        continue;
      }
      return response;
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
