import type { IpcError } from './errors';
import type { CertificateInfo } from './tls';

export type CheckId = 'reachable' | 'certificate' | 'credentials' | 'permissions' | 'api';

export interface ConnectionCheck {
  id: CheckId;
  status: 'ok' | 'failed' | 'skipped';
  message: string;
}

/** The answer to "Test connection": each step in order, and what to do when one failed. */
export interface ConnectionVerdict {
  ok: boolean;
  checks: ConnectionCheck[];
  /** The failure that stopped the test, with its code (CERT_UNTRUSTED carries the certificate to trust). */
  error?: IpcError;
  certificate?: CertificateInfo;
  apiVersion?: string;
  identity?: string;
  testedAt: string;
}
