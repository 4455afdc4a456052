import type { z } from 'zod';

import type { IpcError } from './errors';

/**
 * The building blocks of the IPC contract. A request has a runtime schema for its argument (checked in main before
 * any service runs) and a compile-time result type; events and streams are declared the same way.
 */
export interface RequestSpec<A extends z.ZodType = z.ZodType, R = unknown> {
  readonly args: A;
  readonly description: string;
  /** Phantom: carries the result type, never set at run time. */
  readonly _result?: R;
}

export interface EventSpec<P = unknown> {
  readonly description: string;
  readonly _payload?: P;
}

export interface StreamSpec<A extends z.ZodType = z.ZodType> {
  readonly args: A;
  readonly description: string;
}

export interface Contract {
  readonly requests: Readonly<Record<string, RequestSpec>>;
  readonly events: Readonly<Record<string, EventSpec>>;
  readonly streams: Readonly<Record<string, StreamSpec>>;
}

export function request<R>() {
  return <A extends z.ZodType>(args: A, description: string): RequestSpec<A, R> => ({ args, description });
}

export function event<P>(description: string): EventSpec<P> {
  return { description };
}

export function stream<A extends z.ZodType>(args: A, description: string): StreamSpec<A> {
  return { args, description };
}

export type ArgsOf<S> = S extends RequestSpec<infer A> ? z.input<A> : never;
export type ParsedArgsOf<S> = S extends RequestSpec<infer A> ? z.output<A> : never;
export type ResultOf<S> = S extends RequestSpec<z.ZodType, infer R> ? R : never;
export type PayloadOf<S> = S extends EventSpec<infer P> ? P : never;
export type StreamArgsOf<S> = S extends StreamSpec<infer A> ? z.input<A> : never;

type Namespace<K extends string> = K extends `${infer N}.${string}` ? N : never;
type Method<K extends string, N extends string> = K extends `${N}.${infer M}` ? M : never;
type Call<S> =
  undefined extends ArgsOf<S>
    ? (args?: ArgsOf<S>) => Promise<ResultOf<S>>
    : (args: ArgsOf<S>) => Promise<ResultOf<S>>;

/** `'app.info'` in the contract becomes `vantage.app.info()` on the page. */
export type RequestApi<R extends Contract['requests']> = {
  readonly [N in Namespace<keyof R & string>]: {
    readonly [M in Method<keyof R & string, N>]: Call<R[`${N}.${M}`]>;
  };
};

export interface EventApi<E extends Contract['events']> {
  /** Subscribes to an event from main; returns the function that unsubscribes. */
  on<K extends keyof E & string>(name: K, listener: (payload: PayloadOf<E[K]>) => void): () => void;
}

export interface StreamApi<S extends Contract['streams']> {
  /**
   * Asks main to open a stream; the MessagePort arrives as a window `message` event whose data is
   * `{ vantageStream: nonce }` (see renderer/src/lib/streams.ts). Resolves once main has opened the upstream side.
   */
  openStream<K extends keyof S & string>(name: K, args: StreamArgsOf<S[K]>, nonce: string): Promise<void>;
}

export type Api<C extends Contract> = RequestApi<C['requests']> &
  EventApi<C['events']> &
  StreamApi<C['streams']>;

/** The message the preload (or the harness bridge) posts to the page with a stream's MessagePort. */
export interface StreamPortMessage {
  vantageStream: string;
}

/**
 * What a stream's port carries besides its bytes (ArrayBuffers, or Uint8Arrays from Electron's main): small
 * structured-clone-safe objects with a `type`. Both transports deliver them in order with the bytes.
 */
export interface StreamControl {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * The explicit end of a stream, the last message either side sends before closing its port: a MessagePort's `close`
 * event is not reliable everywhere, and the page needs to know why main ended it (an error, or none when clean).
 */
export interface StreamEnd extends StreamControl {
  readonly type: 'end';
  readonly error?: IpcError;
}

export function isStreamControl(value: unknown): value is StreamControl {
  return (
    typeof value === 'object' &&
    value !== null &&
    !ArrayBuffer.isView(value) &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

export function isStreamEnd(value: unknown): value is StreamEnd {
  return isStreamControl(value) && value.type === 'end';
}

export function streamEnd(error?: IpcError): StreamEnd {
  return error ? { type: 'end', error } : { type: 'end' };
}

export function splitChannel(channel: string): [string, string] {
  const dot = channel.indexOf('.');
  if (dot <= 0 || dot === channel.length - 1)
    throw new Error(`channel "${channel}" must look like "namespace.method"`);
  return [channel.slice(0, dot), channel.slice(dot + 1)];
}
