/** What a person needs to decide whether to trust a server's certificate. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Upper-case hex pairs joined by colons, as OpenSSL prints it. */
  fingerprint256: string;
  selfSigned: boolean;
  /** PEM of the leaf: pinned with the fingerprint so that the exact certificate becomes a trust anchor. */
  pem: string;
}

/** A profile's TLS settings: an extra CA, and/or one pinned certificate (trust on first use). */
export interface TlsSettings {
  caPem?: string | undefined;
  pinnedFingerprint256?: string | undefined;
  pinnedCertificatePem?: string | undefined;
}
