import type { VantageApi } from '../../../common/contract';
import { isIpcError, type IpcError } from '../../../common/errors';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the harness bridge (browser): the only way to reach main. */
    readonly vantage: VantageApi;
  }
}

export function api(): VantageApi {
  return window.vantage;
}

/** A sentence for any failure a call can produce: main's typed errors keep their message. */
export function describeError(error: unknown): string {
  if (isIpcError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function asIpcError(error: unknown): IpcError {
  return isIpcError(error) ? error : { code: 'INTERNAL', message: describeError(error) };
}
