import { readFile, stat } from 'node:fs/promises';

import { VantageError } from '../../common/errors';
import type { ProfileView } from '../../common/profiles';
import type { CertificateInfo } from '../../common/tls';
import { describeCertificate } from '../net/tls-trust';
import type { Connections } from './connections';

/** A file dialog of main's (Electron: `dialog.showOpenDialog`): the chosen path, or undefined when cancelled. */
export type CertificateFilePicker = () => Promise<string | undefined>;

const MAX_PEM_BYTES = 64 * 1024;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

function unreadable(reason: string): never {
  throw new VantageError('INVALID_ARGUMENT', `This file cannot be used as a CA certificate: ${reason}.`);
}

/**
 * A profile's custom CA, chosen only in main's own file dialog: main reads the file, shows its fingerprint, and
 * adds it once the user confirms that fingerprint. The page never hands main a certificate.
 */
export function createCustomCa(connections: Connections, pick: CertificateFilePicker | undefined) {
  // The certificate last shown for each profile: the only one a confirmation can add.
  const shown = new Map<string, CertificateInfo>();

  return {
    async choose(id: string): Promise<CertificateInfo | null> {
      connections.get(id);
      if (!pick) throw new VantageError('UNSUPPORTED', 'Choosing a certificate file is not available here.');
      const file = await pick();
      if (!file) return null;
      if ((await stat(file)).size > MAX_PEM_BYTES)
        unreadable(`it is larger than ${MAX_PEM_BYTES / 1024} KiB`);
      const block = PEM_BLOCK.exec(await readFile(file, 'utf8'))?.[0];
      if (!block) unreadable('it holds no PEM certificate');
      let certificate: CertificateInfo;
      try {
        certificate = describeCertificate(block);
      } catch (error) {
        unreadable(error instanceof Error ? error.message : String(error));
      }
      shown.set(id, certificate);
      return certificate;
    },

    /** Adds the CA shown for this profile if it has the fingerprint the user confirmed; `null` removes the CA. */
    async confirm(id: string, fingerprint256: string | null): Promise<ProfileView> {
      if (fingerprint256 === null) return connections.setTls(id, ({ caPem: _removed, ...tls }) => tls);
      const certificate = shown.get(id);
      if (certificate?.fingerprint256 !== fingerprint256)
        throw new VantageError(
          'CONFLICT',
          'This is not the certificate chosen in the dialog. Choose the CA file again; nothing was trusted.',
        );
      shown.delete(id);
      return connections.setTls(id, (tls) => ({ ...tls, caPem: certificate.pem }));
    },
  };
}
