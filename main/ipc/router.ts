import * as z from 'zod';

import { VantageError, type Envelope, type IpcError } from '../../common/errors';
import type { Contract, ParsedArgsOf, ResultOf, StreamControl } from '../../common/ipc';

export type RequestHandlers<C extends Contract> = {
  [K in keyof C['requests']]: (
    args: ParsedArgsOf<C['requests'][K]>,
  ) => Promise<ResultOf<C['requests'][K]>> | ResultOf<C['requests'][K]>;
};

/**
 * An open stream as main sees it, whatever the transport: bytes and control messages to and from the page, in order.
 * See common/ipc.ts for the explicit end message that `close` sends and that `onClose` reports.
 */
export interface StreamEndpoint {
  send(data: Uint8Array): void;
  sendControl(message: StreamControl): void;
  onMessage(listener: (data: Uint8Array) => void): void;
  onControl(listener: (message: StreamControl) => void): void;
  /** The stream ended, from either side (the page's end message, its port going away, or `close`); called once. */
  onClose(listener: () => void): void;
  /** Sends the end message (with the error, when it failed) and closes the port. Idempotent. */
  close(error?: IpcError): void;
}

export type StreamHandlers<C extends Contract> = {
  [K in keyof C['streams']]: (
    args: z.output<C['streams'][K]['args']>,
    endpoint: StreamEndpoint,
  ) => Promise<void>;
};

/** Returns why a sender is refused, or undefined when it is trusted. */
export type SenderCheck<S> = (sender: S) => string | undefined;

export interface RouterOptions<C extends Contract, S> {
  contract: C;
  handlers: RequestHandlers<C>;
  streams: StreamHandlers<C>;
  checkSender: SenderCheck<S>;
  /** Called with every error answered, for main's log (never with secrets: messages only). */
  onError?: (channel: string, error: IpcError, cause: unknown) => void;
}

export interface IpcRouter<S> {
  readonly channels: readonly string[];
  readonly streamNames: readonly string[];
  /** `channel` is whatever the transport received: a non-string is answered `UNKNOWN_CHANNEL`, never thrown on. */
  handle(channel: unknown, args: unknown, sender: S): Promise<Envelope<unknown>>;
  openStream(name: unknown, args: unknown, sender: S, endpoint: StreamEndpoint): Promise<Envelope<null>>;
}

const own = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

/**
 * A channel name for messages and logs, whatever the page sent: never calls the value's own `toString` (which may
 * throw or not exist), and never copies a megabyte-long name into an error.
 */
export function describeChannel(channel: unknown): string {
  if (typeof channel !== 'string') return `(a ${channel === null ? 'null' : typeof channel}, not a name)`;
  return channel.length > 100 ? `${channel.slice(0, 100)}…` : channel;
}

/** Issues reported at most: a page that sends a million bad keys gets a readable answer, not a copy of them. */
const MAX_ISSUES = 20;
const MAX_MESSAGE = 2000;

function describeIssues(error: z.ZodError): string {
  const text = error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : 'argument'}: ${issue.message}`)
    .join('; ');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

export function toIpcError(error: unknown): IpcError {
  if (error instanceof VantageError) return error.toIpc();
  if (error instanceof z.ZodError)
    return {
      code: 'INVALID_ARGUMENT',
      message: `Invalid argument: ${describeIssues(error)}`,
      details: error.issues.slice(0, MAX_ISSUES),
    };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error in Vantage: ${message}` };
}

/**
 * The single wrapper every transport (Electron's ipcMain, the harness WebSocket) registers the contract through:
 * sender check, argument validation, then the service; always an envelope, never a throw.
 */
export function createIpcRouter<C extends Contract, S>(options: RouterOptions<C, S>): IpcRouter<S> {
  const { contract, handlers, streams, checkSender } = options;
  const fail = (channel: string, error: IpcError, cause?: unknown): { error: IpcError } => {
    options.onError?.(channel, error, cause);
    return { error };
  };

  const admit = (
    kind: 'request' | 'stream',
    channel: unknown,
    args: unknown,
    sender: S,
    specs: Readonly<Record<string, { args: z.ZodType }>>,
  ): { ok: true; channel: string; args: unknown } | { ok: false; error: { error: IpcError } } => {
    if (typeof channel !== 'string' || !own(specs, channel))
      return {
        ok: false,
        error: fail(describeChannel(channel), {
          code: 'UNKNOWN_CHANNEL',
          message: `Unknown ${kind} "${describeChannel(channel)}"`,
        }),
      };
    const refusal = checkSender(sender);
    if (refusal !== undefined)
      return {
        ok: false,
        error: fail(channel, { code: 'FORBIDDEN_SENDER', message: `Refused: ${refusal}` }),
      };
    let parsed: z.ZodSafeParseResult<unknown>;
    try {
      parsed = (specs[channel] as { args: z.ZodType }).args.safeParse(args);
    } catch (error) {
      // What validation itself cannot walk (a value nested deeper than the stack) is still the page's mistake.
      const failure: IpcError = { code: 'INVALID_ARGUMENT', message: 'Invalid argument: it cannot be read.' };
      return { ok: false, error: fail(channel, failure, error) };
    }
    if (!parsed.success) return { ok: false, error: fail(channel, toIpcError(parsed.error), parsed.error) };
    return { ok: true, channel, args: parsed.data };
  };

  return {
    channels: Object.keys(contract.requests),
    streamNames: Object.keys(contract.streams),
    async handle(channel, args, sender) {
      const admitted = admit('request', channel, args, sender, contract.requests);
      if (!admitted.ok) return admitted.error;
      const handler = handlers[admitted.channel] as (a: unknown) => unknown;
      try {
        return { result: await handler(admitted.args) };
      } catch (error) {
        return fail(admitted.channel, toIpcError(error), error);
      }
    },
    async openStream(name, args, sender, endpoint) {
      const admitted = admit('stream', name, args, sender, contract.streams);
      if (!admitted.ok) return admitted.error;
      const handler = streams[admitted.channel] as (a: unknown, e: StreamEndpoint) => Promise<void>;
      try {
        await handler(admitted.args, endpoint);
        return { result: null };
      } catch (error) {
        const failure = toIpcError(error);
        endpoint.close(failure);
        return fail(admitted.channel, failure, error);
      }
    },
  };
}
