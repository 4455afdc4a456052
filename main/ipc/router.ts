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
  handle(channel: string, args: unknown, sender: S): Promise<Envelope<unknown>>;
  openStream(name: string, args: unknown, sender: S, endpoint: StreamEndpoint): Promise<Envelope<null>>;
}

const own = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'argument'}: ${issue.message}`)
    .join('; ');
}

export function toIpcError(error: unknown): IpcError {
  if (error instanceof VantageError) return error.toIpc();
  if (error instanceof z.ZodError)
    return {
      code: 'INVALID_ARGUMENT',
      message: `Invalid argument: ${describeIssues(error)}`,
      details: error.issues,
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

  const admit = <T>(
    kind: 'request' | 'stream',
    channel: string,
    args: unknown,
    sender: S,
    specs: Readonly<Record<string, { args: z.ZodType }>>,
  ): { ok: true; args: T } | { ok: false; error: { error: IpcError } } => {
    if (typeof channel !== 'string' || !own(specs, channel))
      return {
        ok: false,
        error: fail(String(channel), {
          code: 'UNKNOWN_CHANNEL',
          message: `Unknown ${kind} "${String(channel)}"`,
        }),
      };
    const refusal = checkSender(sender);
    if (refusal !== undefined)
      return {
        ok: false,
        error: fail(channel, { code: 'FORBIDDEN_SENDER', message: `Refused: ${refusal}` }),
      };
    const parsed = (specs[channel] as { args: z.ZodType }).args.safeParse(args);
    if (!parsed.success) return { ok: false, error: fail(channel, toIpcError(parsed.error), parsed.error) };
    return { ok: true, args: parsed.data as T };
  };

  return {
    channels: Object.keys(contract.requests),
    streamNames: Object.keys(contract.streams),
    async handle(channel, args, sender) {
      const admitted = admit<unknown>('request', channel, args, sender, contract.requests);
      if (!admitted.ok) return admitted.error;
      const handler = handlers[channel] as (a: unknown) => unknown;
      try {
        return { result: await handler(admitted.args) };
      } catch (error) {
        return fail(channel, toIpcError(error), error);
      }
    },
    async openStream(name, args, sender, endpoint) {
      const admitted = admit<unknown>('stream', name, args, sender, contract.streams);
      if (!admitted.ok) return admitted.error;
      const handler = streams[name] as (a: unknown, e: StreamEndpoint) => Promise<void>;
      try {
        await handler(admitted.args, endpoint);
        return { result: null };
      } catch (error) {
        const failure = toIpcError(error);
        endpoint.close(failure);
        return fail(name, failure, error);
      }
    },
  };
}
