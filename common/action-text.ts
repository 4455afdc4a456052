import type { ActionSpec } from './machines';
import { plural } from './plural';
import type { VendorId } from './vendors';

type Words = (value: unknown) => string | undefined;

const yesNo =
  (yes: string, no: string): Words =>
  (value) =>
    value === true || value === 'yes' ? yes : value === false || value === 'no' ? no : undefined;

const text =
  (say: (value: string) => string): Words =>
  (value) =>
    typeof value === 'string' || typeof value === 'number' ? say(String(value)) : undefined;
/** Ids that say nothing to a reader (the candidate's internal id, a report's uuid): left out. */
const unsaid: Words = () => '';

/** Where an instant recovery runs: `{kind, host, store}` (common/contract/sessions.ts). */
const recoveryTarget: Words = (value) => {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, host, store } = value as { kind?: string; host?: string; store?: string };
  const where = kind === 'appliance' ? 'on the appliance' : `on ${kind ?? ''} host ${host ?? ''}`.trim();
  return store ? `${where}, ${store}` : where;
};

/**
 * How each vendor's action options read in Tasks and Audit ("forced, shutdown timeout 30 s"), by option id.
 * A vendor or option missing here falls back to "<id>: <value>".
 */
const OPTION_WORDS: Partial<Record<VendorId, Record<string, Words>>> = {
  danube: {
    force: yesNo('forced', 'not forced'),
    timeout: (value) => (typeof value === 'number' ? `shutdown timeout ${value} s` : undefined),
    freeze: yesNo('frozen once stopped', 'not frozen'),
    update: yesNo('applying the pending configuration change', 'without the pending configuration change'),
    cdimage: (value) => (typeof value === 'string' ? `booting from CD image ${value}` : undefined),
    cdimage2: (value) => (typeof value === 'string' ? `second CD image ${value}` : undefined),
    cdimage_once: yesNo('ejecting the CD images after this boot', 'keeping the CD images in'),
  },
  vcenter: {
    command: text((command) => `command “${command}”`),
    timeoutSeconds: text((seconds) => `waiting at most ${seconds} s`),
    pid: text((pid) => `process ${pid}`),
  },
  comodit: {
    host: text((host) => `host ${host}`),
    properties: (value) =>
      typeof value === 'object' && value !== null
        ? plural(Object.keys(value).length, 'property', 'properties')
        : undefined,
  },
  unitrends: {
    candidateId: unsaid,
    reportId: unsaid,
    client: text((client) => `client ${client}`),
    backupId: text((id) => `backup ${id}`),
    target: recoveryTarget,
    name: text((name) => `named ${name}`),
    audit: yesNo('audit mode', 'live mode'),
    powerOn: yesNo('powered on', 'left powered off'),
    address: text((address) => `address ${address}`),
    processors: (value) => (typeof value === 'number' ? plural(value, 'processor') : undefined),
    memory: text((mb) => `memory ${mb} MB`),
    auditVerify: yesNo('verified in audit mode after each restore', 'not verified after restores'),
  },
};

function fallback(id: string, value: unknown): string {
  if (value === true) return id;
  if (value === false) return `no ${id}`;
  return `${id}: ${typeof value === 'string' ? value : JSON.stringify(value)}`;
}

/** An action's options as words, e.g. `{force: true, timeout: 30}` → "forced, shutdown timeout 30 s". */
export function describeOptions(options: Record<string, unknown>, vendor?: VendorId): string {
  const words = vendor ? OPTION_WORDS[vendor] : undefined;
  return Object.entries(options)
    .map(([id, value]) => words?.[id]?.(value) ?? fallback(id, value))
    .filter(Boolean)
    .join(', ');
}

/** Whether an option value counts as set (an unticked box or an empty field sends nothing). */
const isSet = (value: unknown): boolean => value !== undefined && value !== '' && value !== false;

/**
 * The options worth sending: set ones only, without those the chosen combination ignores (the shutdown timeout
 * when the stop is forced), so that Tasks and Audit record what the vendor was really asked.
 */
export function effectiveOptions(
  action: ActionSpec,
  options: Record<string, unknown>,
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const option of action.options) {
    const value = options[option.id];
    if (!isSet(value)) continue;
    if (option.ignoredWith?.some((other) => isSet(options[other]))) continue;
    kept[option.id] = value;
  }
  return kept;
}
