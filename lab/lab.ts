import { VENDOR_IDS, type VendorId } from '../common/vendors';
import { createConsoleRegistry } from './consoles';
import { createClock } from './core/clock';
import type { FaultConfig } from './core/faults';
import { createRefusalLog, type Refusal, type RefusalLog } from './core/log';
import { createRng, hashString } from './core/rng';
import { startVendorServer, type RunningVendorServer } from './core/server';
import { makeLabCertificate } from './core/tls';
import type { VendorDescription } from './core/types';
import { SIMULATORS, VM_SHARE } from './registry';

export interface LabOptions {
  seed?: number;
  /** Machines in all, spread over the vendors. */
  vms?: number;
  /** Plain HTTP instead of HTTPS. */
  http?: boolean;
  host?: string;
  ports?: Partial<Record<VendorId, number>>;
  vendors?: readonly VendorId[];
  /** Faults for every vendor, then per vendor on top. */
  faults?: FaultConfig;
  vendorFaults?: Partial<Record<VendorId, FaultConfig>>;
  /** Multiplies simulated delays (tasks, power transitions, runs): 0.05 makes a 2 s stop take 100 ms. */
  timeScale?: number;
  /** The lab's wall clock (Date.now by default): tests hold it still to observe what is otherwise a race. */
  now?: () => number;
  /** Forward consoles to a real VNC server instead of the built-in one. */
  vncTarget?: string;
  vncPassword?: string;
  onRefusal?: (entry: Refusal) => void;
}

export interface LabVendorInfo extends VendorDescription {
  vendor: VendorId;
  url: string;
  port: number;
  /** Absent with --http. */
  fingerprint256?: string;
  certificatePem?: string;
}

export interface LabDescription {
  seed: number;
  vms: number;
  vncPassword: string;
  vendors: Partial<Record<VendorId, LabVendorInfo>>;
}

export interface Lab {
  describe(): LabDescription;
  vendor(id: VendorId): LabVendorInfo;
  setFaults(id: VendorId, faults: FaultConfig): void;
  refusals(): readonly Refusal[];
  stop(): Promise<void>;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_VMS = 200;
export const DEFAULT_VNC_PASSWORD = 'vantage';

export function vmShare(vendor: VendorId, total: number): number {
  return Math.round(total * VM_SHARE[vendor]);
}

/** Starts the simulators on loopback: used by `npm run lab`, the tests and the app's demo mode. */
export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const seed = options.seed ?? DEFAULT_SEED;
  const vms = options.vms ?? DEFAULT_VMS;
  const host = options.host ?? '127.0.0.1';
  const vncPassword = options.vncPassword ?? DEFAULT_VNC_PASSWORD;
  const clock = createClock(options.timeScale ?? 1, options.now);
  const log: RefusalLog = createRefusalLog(options.onRefusal);
  const consoles = createConsoleRegistry({
    host,
    password: vncPassword,
    ...(options.vncTarget ? { vncTarget: options.vncTarget } : {}),
  });
  const faults = new Map<VendorId, FaultConfig>();
  const servers: RunningVendorServer[] = [];
  const infos: Partial<Record<VendorId, LabVendorInfo>> = {};
  const faultRandom = createRng(seed).fork('faults').next;

  try {
    for (const vendor of options.vendors ?? VENDOR_IDS) {
      faults.set(vendor, { ...options.faults, ...options.vendorFaults?.[vendor] });
      const simulator = SIMULATORS[vendor]({
        vendor,
        seed,
        vms: vmShare(vendor, vms),
        rng: createRng((seed ^ hashString(vendor)) >>> 0),
        clock,
        faults: () => faults.get(vendor) ?? {},
        consoles,
        log,
      });
      const certificate = options.http
        ? undefined
        : await makeLabCertificate(`${vendor}.lab.vantage.invalid`);
      const server = await startVendorServer({
        vendor,
        simulator,
        ...(certificate ? { certificate } : {}),
        host,
        port: options.ports?.[vendor] ?? 0,
        faults: () => faults.get(vendor) ?? {},
        random: faultRandom,
        log,
      });
      servers.push(server);
      infos[vendor] = {
        vendor,
        url: server.url,
        port: server.port,
        ...simulator.describe(),
        ...(certificate
          ? { fingerprint256: certificate.fingerprint256, certificatePem: certificate.cert }
          : {}),
      };
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    await consoles.close();
    throw error;
  }

  return {
    describe: () => ({ seed, vms, vncPassword, vendors: infos }),
    vendor(id) {
      const info = infos[id];
      if (!info) throw new Error(`the lab was started without ${id}`);
      return info;
    },
    setFaults(id, config) {
      faults.set(id, { ...config });
    },
    refusals: () => log.entries(),
    async stop() {
      await Promise.all(servers.map((s) => s.close()));
      await consoles.close();
    },
  };
}
