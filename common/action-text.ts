import type { ActionSpec } from './machines';
import type { VendorId } from './vendors';

type Words = (value: unknown) => string | undefined;

const yesNo =
  (yes: string, no: string): Words =>
  (value) =>
    value === true || value === 'yes' ? yes : value === false || value === 'no' ? no : undefined;

/**
 * How each vendor's action options read in Tasks and Audit ("forced, shutdown timeout 30 s"), by option id.
 * Only Danube's actions take options today; a vendor or option missing here falls back to "<id>: <value>".
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
