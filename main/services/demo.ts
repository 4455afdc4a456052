import type { ProfileInput, ProfileView } from '../../common/profiles';
import type { TlsSettings } from '../../common/tls';
import type { VendorId } from '../../common/vendors';
import type { Lab, LabOptions, LabVendorInfo } from '../../lab/lab';
import type { Connections } from './connections';

export const DEMO_TAG = 'demo';
const DEMO_FOLDER = 'Demo lab';

const LABELS: Record<VendorId, string> = {
  vcenter: 'Demo vCenter',
  danube: 'Demo Danube Cloud',
  comodit: 'Demo ComodIT',
  unitrends: 'Demo Unitrends',
  'ibm-br': 'Demo IBM Backup and Recovery',
};

/**
 * The pin for a lab simulator. The lab made this certificate a moment ago in this very process: main trusting it is
 * not a leap of faith, and it is main's decision, never a page's.
 */
export function labTrust(info: LabVendorInfo): TlsSettings {
  return info.fingerprint256
    ? { pinnedFingerprint256: info.fingerprint256, pinnedCertificatePem: info.certificatePem }
    : {};
}

/** The profile (and its secret) that reaches one lab simulator; also what the tests connect with. */
export function labProfile(info: LabVendorInfo): { input: ProfileInput; secret: string } {
  const c = info.credentials;
  const base = {
    name: LABELS[info.vendor],
    baseUrl: info.url,
    // The lab's `--http` mode: the opt-in is explicit, and shown in the profile like any other.
    allowInsecureHttp: info.url.startsWith('http:'),
    folder: DEMO_FOLDER,
    tags: [DEMO_TAG],
    readOnly: false,
  };
  switch (info.vendor) {
    case 'vcenter':
      return {
        input: { ...base, username: c.username, options: { vendor: 'vcenter', apiFlavour: 'auto' } },
        secret: c.password ?? '',
      };
    case 'danube':
      return {
        input: { ...base, username: c.username, options: { vendor: 'danube', auth: 'password' } },
        secret: c.password ?? '',
      };
    case 'comodit':
      return {
        input: { ...base, username: c.username, options: { vendor: 'comodit', auth: 'password' } },
        secret: c.password ?? '',
      };
    case 'unitrends':
      return {
        input: { ...base, username: c.username, options: { vendor: 'unitrends', sid: 1 } },
        secret: c.password ?? '',
      };
    case 'ibm-br':
      return {
        input: {
          ...base,
          options: {
            vendor: 'ibm-br',
            region: info.extra?.region ?? 'us-east',
            instanceId: 'demo',
            tenantId: c.tenantId ?? '',
            iamUrl: `${info.url}/identity/token`,
          },
        },
        secret: c.apiKey ?? '',
      };
  }
}

/** How the demo lab starts: its size and pace, and (tests) a real VNC server its consoles forward to. */
export type DemoLabOptions = Pick<LabOptions, 'vms' | 'vncTarget' | 'vncPassword' | 'timeScale'>;

/**
 * The built-in demo: the lab's five simulators started inside this process on ephemeral loopback ports, and one
 * profile per vendor pointing at them. Opening it again (e.g. after a restart) re-points the same profiles.
 */
export function createDemo(connections: Connections, options: DemoLabOptions = {}) {
  let lab: Lab | undefined;
  let starting: Promise<Lab> | undefined;

  return {
    running: () => lab !== undefined,
    async open(): Promise<ProfileView[]> {
      // Loaded on first use: the simulators (and the certificate library they need) cost main's memory only when
      // someone opens the demo.
      starting ??= import('../../lab/lab').then(({ startLab }) =>
        startLab({ ...options, vms: options.vms ?? 500 }),
      );
      lab = await starting;
      const existing = connections.list().filter((p) => p.tags.includes(DEMO_TAG));
      const views: ProfileView[] = [];
      for (const info of Object.values(lab.describe().vendors)) {
        const { input, secret } = labProfile(info);
        const current = existing.find((p) => p.vendor === info.vendor);
        // The keychain when there is one; otherwise the demo still works for this session.
        const keep = 'keychain' as const;
        const trusted = labTrust(info);
        const save = (where: 'keychain' | 'session') =>
          current
            ? connections.update(current.id, input, { secret, keep: where }, trusted)
            : connections.create(input, { secret, keep: where }, trusted);
        views.push(await save(keep).catch(() => save('session')));
      }
      return views;
    },
    async stop(): Promise<void> {
      await lab?.stop();
      lab = undefined;
      starting = undefined;
    },
  };
}
