import { X509Certificate } from 'node:crypto';

import { generate } from 'selfsigned';

export interface LabCertificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint as OpenSSL prints it: upper-case hex pairs joined by colons. */
  fingerprint256: string;
}

/** A fresh self-signed certificate for loopback, like the one a new appliance ships with. */
export async function makeLabCertificate(commonName: string): Promise<LabCertificate> {
  const now = new Date();
  const pems = await generate(
    [
      { name: 'commonName', value: commonName },
      { name: 'organizationName', value: 'Vantage lab' },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: new Date(now.getTime() + 30 * 24 * 3600_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    },
  );
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint256: new X509Certificate(pems.cert).fingerprint256,
  };
}
