import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

import type { VendorId } from '../../common/vendors';
import type { LabClock } from './clock';
import type { FaultConfig } from './faults';
import type { RefusalLog } from './log';
import type { Rng } from './rng';

/** A parsed request as a vendor simulator sees it. */
export interface LabRequest {
  method: string;
  /** Path without the query string, exactly as sent (trailing slash kept). */
  path: string;
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** JSON or form body, parsed; undefined when there was none. */
  body: unknown;
  rawBody: Buffer;
}

export interface LabResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw payload (file downloads) sent instead of a JSON body. */
  raw?: Buffer | Readable;
  /** Serialise bigint values as exact JSON integers (IBM's int64 ids beyond 2^53). */
  int64?: boolean;
  /** Why the lab refused the request; goes to the refusal log (status >= 400). */
  reason?: string;
}

export type RouteHandler = (req: LabRequest) => LabResponse | Promise<LabResponse>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface LabRouter {
  on(method: HttpMethod | HttpMethod[], path: string, handler: RouteHandler): void;
}

/** A VNC endpoint the lab serves for one machine. */
export interface ConsoleEndpoint {
  host: string;
  port: number;
  password: string;
}

/** Lazily opens one VNC listener per machine, so that 100k machines do not mean 100k ports. */
export interface ConsoleRegistry {
  open(machineKey: string, label: string): Promise<ConsoleEndpoint>;
  close(): Promise<void>;
}

export interface LabContext {
  vendor: VendorId;
  seed: number;
  /** This vendor's share of the machines asked for with --vms. */
  vms: number;
  rng: Rng;
  clock: LabClock;
  /** Faults in force now (they can change while the lab runs). */
  faults(): FaultConfig;
  consoles: ConsoleRegistry;
  log: RefusalLog;
}

/** What a vendor tells the runner to print and hand to scripts. */
export interface VendorDescription {
  credentials: Record<string, string>;
  extra?: Record<string, string>;
}

export interface VendorSimulator {
  routes(router: LabRouter): void;
  /**
   * The vendor's own error body for a status, used for injected faults, bad JSON and unknown paths. `path` lets a
   * vendor with several API flavours (vCenter's /rest and /api) answer in the right one.
   */
  errorBody(status: number, message: string, path: string): unknown;
  describe(): VendorDescription;
}

export type VendorFactory = (ctx: LabContext) => VendorSimulator;
