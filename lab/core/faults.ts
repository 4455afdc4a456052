/** Faults injected into a simulator's answers, to rehearse what real networks and appliances do. */
export interface FaultConfig {
  /** Added to every answer, in milliseconds. */
  latencyMs?: number;
  /** Share of requests (0..1) answered with `errorStatus` and the vendor's own error body. */
  errorRate?: number;
  errorStatus?: number;
  /** Share of requests whose connection is reset before any answer. */
  resetRate?: number;
  /** Share of answers cut in the middle of the body. */
  truncateRate?: number;
  /** Lifetime of new sessions and tokens, in seconds, instead of the vendor's default. */
  tokenLifetimeSec?: number;
  /** Only requests whose path matches this regular expression are affected (token lifetime always applies). */
  pathPattern?: string;
}

export type FaultAction =
  { kind: 'none' } | { kind: 'reset' } | { kind: 'error'; status: number } | { kind: 'truncate' };

export function decideFault(faults: FaultConfig, path: string, random: () => number): FaultAction {
  if (faults.pathPattern && !new RegExp(faults.pathPattern).test(path)) return { kind: 'none' };
  if (faults.resetRate && random() < faults.resetRate) return { kind: 'reset' };
  if (faults.errorRate && random() < faults.errorRate)
    return { kind: 'error', status: faults.errorStatus ?? 503 };
  if (faults.truncateRate && random() < faults.truncateRate) return { kind: 'truncate' };
  return { kind: 'none' };
}

const KEYS: Record<string, keyof FaultConfig> = {
  latency: 'latencyMs',
  error: 'errorRate',
  status: 'errorStatus',
  reset: 'resetRate',
  truncate: 'truncateRate',
  token: 'tokenLifetimeSec',
  path: 'pathPattern',
};

/**
 * Parses the command line form `latency=200,error=0.1,reset=0.05,truncate=0.05,token=5`, optionally prefixed by a
 * vendor: `danube:error=1`. Returns the vendor (or undefined for all) and the config.
 */
export function parseFaultSpec(spec: string): { vendor: string | undefined; config: FaultConfig } {
  const colon = spec.indexOf(':');
  const hasVendor = colon > 0 && !spec.slice(0, colon).includes('=');
  const vendor = hasVendor ? spec.slice(0, colon) : undefined;
  const body = hasVendor ? spec.slice(colon + 1) : spec;
  const config: FaultConfig = {};
  for (const part of body.split(',').filter(Boolean)) {
    const [name = '', value = ''] = part.split('=');
    const key = KEYS[name.trim()];
    if (!key) throw new Error(`unknown fault "${name}" (known: ${Object.keys(KEYS).join(', ')})`);
    if (key === 'pathPattern') {
      config.pathPattern = value;
      continue;
    }
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`fault "${name}" needs a non-negative number, got "${value}"`);
    if (key.endsWith('Rate') && n > 1)
      throw new Error(`fault "${name}" is a share between 0 and 1, got ${n}`);
    config[key] = n;
  }
  return { vendor, config };
}
