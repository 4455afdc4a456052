import { Agent, request } from 'undici';

import type { VendorId } from '../../common/vendors';
import { startLab, type Lab, type LabOptions, type LabVendorInfo } from '../lab';

/** Verbatim vendor examples and specs the contract tests compare with (test/fixtures/vendors/README.md). */
export const VENDOR_FIXTURES = new URL('../../test/fixtures/vendors/', import.meta.url);

/** Starts one vendor's simulator on an ephemeral port with fast simulated time: the contract tests' upstream. */
export function startVendorLab(vendor: VendorId, options: LabOptions = {}): Promise<Lab> {
  return startLab({ vendors: [vendor], timeScale: 0.02, vms: 60, ...options });
}

export interface LabAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
}

export interface LabClient {
  call(
    method: string,
    path: string,
    options?: { headers?: Record<string, string>; body?: unknown; rawBody?: string },
  ): Promise<LabAnswer>;
  close(): Promise<void>;
}

/** A client that trusts exactly this lab server's certificate, over real HTTPS. */
export function labClient(info: LabVendorInfo): LabClient {
  const dispatcher = new Agent({ connect: info.certificatePem ? { ca: info.certificatePem } : {} });
  return {
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const answer = await request(new URL(path, info.url), {
        method: method as 'GET',
        headers,
        ...(body !== undefined ? { body } : {}),
        dispatcher,
      });
      const text = await answer.body.text();
      let json: unknown;
      try {
        json = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        json = undefined;
      }
      return { status: answer.statusCode, headers: answer.headers, text, json };
    },
    close: () => dispatcher.close(),
  };
}
