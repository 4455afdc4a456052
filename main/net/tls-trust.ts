import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls, { type ConnectionOptions, type PeerCertificate } from 'node:tls';

import { VantageError } from '../../common/errors';
import type { CertificateInfo, TlsSettings } from '../../common/tls';

/** The OS trust store plus Node's bundled roots, read once: a profile's CA and pinned certificate are added to it. */
let systemRoots: string[] | undefined;
function roots(): string[] {
  if (!systemRoots) {
    const fromOs = (() => {
      try {
        return tls.getCACertificates('system');
      } catch {
        return []; // older runtimes: Node's bundled roots only
      }
    })();
    systemRoots = [...new Set([...tls.getCACertificates('default'), ...fromOs])];
  }
  return systemRoots;
}

export const CERT_CHANGED_MESSAGE =
  'The server presented a different certificate from the one you trusted. This can mean the appliance was ' +
  'reinstalled or its certificate renewed, or that someone is intercepting the connection. Vantage refuses to ' +
  'connect until you check the new fingerprint with the administrator and trust it again.';

export class PinMismatch extends Error {
  constructor(readonly presented: string) {
    super('certificate does not match the pinned fingerprint');
  }
}

/**
 * TLS options for one profile. Verification always stays on: a pinned certificate is added as a trust anchor and
 * its fingerprint must match exactly (it then stands in for the host name check, since appliances' self-signed
 * certificates rarely name the address they are reached at).
 */
export function tlsOptions(settings: TlsSettings): ConnectionOptions {
  const extra = [settings.caPem, settings.pinnedCertificatePem].filter((pem): pem is string => !!pem);
  const pin = settings.pinnedFingerprint256;
  return {
    // One context per profile: given `ca` instead, every new connection would parse all the roots again.
    secureContext: tls.createSecureContext({ ca: [...roots(), ...extra] }),
    rejectUnauthorized: true,
    checkServerIdentity: (host: string, cert: PeerCertificate) => {
      if (pin) return cert.fingerprint256 === pin ? undefined : new PinMismatch(cert.fingerprint256);
      return tls.checkServerIdentity(host, cert);
    },
  };
}

export function describeCertificate(pem: string): CertificateInfo {
  const cert = new X509Certificate(pem);
  return {
    subject: cert.subject.replaceAll('\n', ', '),
    issuer: cert.issuer.replaceAll('\n', ', '),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    fingerprint256: cert.fingerprint256,
    selfSigned: cert.subject === cert.issuer && cert.verify(cert.publicKey),
    pem: cert.toString(),
  };
}

/** Fetches the certificate a server presents, without trusting it: the input of the trust dialog. */
export function fetchCertificate(url: URL, timeoutMs = 10_000): Promise<CertificateInfo> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 443),
      ...(isIP(url.hostname.replace(/^\[|\]$/g, '')) ? {} : { servername: url.hostname }),
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate(false).raw as Buffer | undefined;
      socket.end();
      if (!raw) return reject(new Error('the server presented no certificate'));
      resolve(describeCertificate(new X509Certificate(raw).toString()));
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('no TLS handshake within the timeout'));
    });
    socket.once('error', reject);
  });
}

const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'INVALID_CA',
]);

/** Finds a TLS verification failure anywhere in an error's cause chain. */
export function tlsFailure(error: unknown): { code: string } | PinMismatch | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    if (e instanceof PinMismatch) return e;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNTRUSTED_CODES.has(code)) return { code };
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns a verification failure into the error the trust dialog works from: what is wrong, and the certificate. */
export async function certificateError(
  url: URL,
  settings: TlsSettings,
  failure: { code: string } | PinMismatch,
) {
  let certificate: CertificateInfo | undefined;
  try {
    certificate = await fetchCertificate(url);
  } catch {
    certificate = undefined;
  }
  if (settings.pinnedFingerprint256 && (failure instanceof PinMismatch || certificate))
    return new VantageError('CERT_CHANGED', CERT_CHANGED_MESSAGE, {
      pinnedFingerprint256: settings.pinnedFingerprint256,
      certificate,
    });
  const reason =
    failure instanceof PinMismatch
      ? 'it does not match the pinned certificate'
      : failure.code === 'CERT_HAS_EXPIRED'
        ? 'it has expired'
        : failure.code === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? `it is not issued for ${url.hostname}`
          : certificate?.selfSigned
            ? 'it is self-signed'
            : 'it is not issued by an authority this computer trusts';
  return new VantageError(
    'CERT_UNTRUSTED',
    `The certificate of ${url.host} is not trusted: ${reason}. Check its fingerprint with the administrator before trusting it.`,
    { certificate, tlsCode: failure instanceof PinMismatch ? 'PIN_MISMATCH' : failure.code },
  );
}
