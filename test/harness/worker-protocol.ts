import type { Envelope } from '../../common/errors';

/**
 * Between the page's bridge and the transport worker that owns the harness WebSocket. Requests and events cross as
 * plain messages; a stream's port is transferred to the worker with its `open`, so that its far end lives off the
 * page's thread, as it does in Electron (where it is in main).
 */
export type PageToWorker =
  | { t: 'init'; url: string; token: string }
  | { t: 'req'; id: number; channel: string; args?: unknown }
  | { t: 'open'; id: number; name: string; args?: unknown; port: MessagePort };

export type WorkerToPage =
  { t: 'res'; id: number; envelope: Envelope<unknown> } | { t: 'evt'; name: string; payload: unknown };
