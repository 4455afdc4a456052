import { parseArgs } from 'node:util';

import { VENDOR_IDS, VENDOR_LABELS, type VendorId } from '../common/vendors';
import { parseFaultSpec, type FaultConfig } from './core/faults';
import { DEFAULT_SEED, DEFAULT_VMS, startLab } from './lab';

const HELP = `Usage: npm run lab -- [options]

Starts simulators of vCenter, Danube Cloud, ComodIT, Unitrends and IBM Cloud Backup and Recovery on loopback.

  --seed N            deterministic data from this seed (default ${DEFAULT_SEED})
  --vms N             machines in all, spread over the vendors (default ${DEFAULT_VMS})
  --vendors LIST      only these simulators, e.g. ibm-br (default: all five)
  --http              plain HTTP instead of HTTPS with a fresh self-signed certificate
  --faults SPEC       e.g. latency=200,error=0.1,reset=0.05,truncate=0.05,token=5 ; prefix a vendor to
                      target one: danube:error=1 (repeatable)
  --time-scale X      multiply simulated delays (default 1)
  --vnc-target H:P    forward consoles to a real VNC server instead of the built-in one
  --print-json        print URLs, credentials and fingerprints as one JSON document
  --quiet             do not log refused requests
  -h, --help          this text`;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} needs a non-negative integer, got "${value}"`);
  return n;
}

function parseVendors(list: string): VendorId[] {
  const vendors = list.split(',').map((v) => v.trim());
  for (const vendor of vendors)
    if (!(VENDOR_IDS as readonly string[]).includes(vendor))
      throw new Error(`unknown vendor "${vendor}" in --vendors (known: ${VENDOR_IDS.join(', ')})`);
  return vendors as VendorId[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      vms: { type: 'string' },
      vendors: { type: 'string' },
      http: { type: 'boolean', default: false },
      faults: { type: 'string', multiple: true },
      'time-scale': { type: 'string' },
      'vnc-target': { type: 'string' },
      'print-json': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  let faults: FaultConfig = {};
  const vendorFaults: Partial<Record<VendorId, FaultConfig>> = {};
  for (const spec of values.faults ?? []) {
    const { vendor, config } = parseFaultSpec(spec);
    if (vendor === undefined) faults = { ...faults, ...config };
    else if ((VENDOR_IDS as readonly string[]).includes(vendor))
      vendorFaults[vendor as VendorId] = { ...vendorFaults[vendor as VendorId], ...config };
    else throw new Error(`unknown vendor "${vendor}" in --faults (known: ${VENDOR_IDS.join(', ')})`);
  }
  const started = performance.now();
  const lab = await startLab({
    seed: positiveInt('seed', values.seed, DEFAULT_SEED),
    vms: positiveInt('vms', values.vms, DEFAULT_VMS),
    ...(values.vendors ? { vendors: parseVendors(values.vendors) } : {}),
    http: values.http,
    faults,
    vendorFaults,
    ...(values['time-scale'] ? { timeScale: Number(values['time-scale']) } : {}),
    ...(values['vnc-target'] ? { vncTarget: values['vnc-target'] } : {}),
    ...(values.quiet
      ? {}
      : {
          onRefusal: (r) =>
            console.error(
              `[lab] refused ${r.vendor} ${r.method} ${r.path} -> ${r.status || 'reset'}: ${r.reason}`,
            ),
        }),
  });
  const description = lab.describe();
  if (values['print-json']) {
    console.log(JSON.stringify(description, null, 2));
  } else {
    console.log(
      `Vantage lab: seed ${description.seed}, ${description.vms} machines, started in ${Math.round(performance.now() - started)} ms\n`,
    );
    for (const info of Object.values(description.vendors)) {
      console.log(`${VENDOR_LABELS[info.vendor].padEnd(32)} ${info.url}`);
      for (const [key, value] of Object.entries({ ...info.credentials, ...info.extra }))
        console.log(`${''.padEnd(34)}${key}: ${value}`);
      if (info.fingerprint256) console.log(`${''.padEnd(34)}SHA-256: ${info.fingerprint256}`);
    }
    console.log(`\nConsoles: VNC password "${description.vncPassword}". Press Ctrl+C to stop.`);
  }
  const stop = (): void => {
    lab.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
