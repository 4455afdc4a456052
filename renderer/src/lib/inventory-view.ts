import { SCOPE_LEVELS, type Machine, type PowerState } from '../../../common/machines';
import { isGroup, type TableItem } from '../components/table/table';
import { VENDOR_IDS, VENDOR_LABELS, type VendorId } from '../../../common/vendors';
import { nameCollator } from '../../../common/name-order';

/** The table's columns: what each shows, how it sorts, and what goes into the CSV. */
export interface Column {
  id: string;
  label: string;
  width: number;
  value: (m: Machine, profileName: (id: string) => string) => string | number | undefined;
  numeric?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { id: 'name', label: 'Name', width: 220, value: (m) => m.name },
  { id: 'power', label: 'State', width: 110, value: (m) => m.power },
  { id: 'vendorState', label: 'Vendor state', width: 130, value: (m) => m.vendorState },
  { id: 'vendor', label: 'System', width: 150, value: (m) => VENDOR_LABELS[m.vendor] },
  { id: 'profile', label: 'Profile', width: 160, value: (m, name) => name(m.profileId) },
  { id: 'host', label: 'Host', width: 150, value: (m) => m.host },
  { id: 'addresses', label: 'Addresses', width: 170, value: (m) => m.addresses.join(' ') },
  { id: 'os', label: 'OS', width: 150, value: (m) => m.os },
  { id: 'cpu', label: 'CPU', width: 60, value: (m) => m.cpu, numeric: true },
  { id: 'memoryMiB', label: 'Memory (MiB)', width: 110, value: (m) => m.memoryMiB, numeric: true },
  { id: 'kind', label: 'Kind', width: 170, value: (m) => m.kindLabel ?? m.kind },
  { id: 'tags', label: 'Tags', width: 160, value: (m) => m.tags.join(', ') },
  { id: 'updatedAt', label: 'Read at', width: 170, value: (m) => m.updatedAt },
];

export const DEFAULT_COLUMNS = [
  'name',
  'power',
  'vendor',
  'profile',
  'host',
  'addresses',
  'os',
  'cpu',
  'memoryMiB',
];

export interface Filters {
  query: string;
  vendor: string;
  profileId: string;
  folder: string;
  power: '' | PowerState;
  /** A vendor's grouping, as `scopeKey` gives it: the machines at or under it. */
  scope: string;
}

/** A filter value for a scope path of a vendor (JSON: names may hold any character). */
export const scopeKey = (vendor: VendorId, path: readonly string[]): string =>
  JSON.stringify([vendor, ...path]);

function inScope(m: Machine, wanted: readonly string[]): boolean {
  if (m.vendor !== wanted[0] || !m.scope) return false;
  for (let i = 1; i < wanted.length; i++) if (m.scope[i - 1] !== wanted[i]) return false;
  return true;
}

export interface ScopeOption {
  key: string;
  /** "Organisation: acme", indented by its depth in the list. */
  label: string;
  depth: number;
}

/** The vendors' groupings present in the rows, as a tree flattened in order, one list per vendor. */
export function scopeOptions(rows: readonly Machine[]): { vendor: VendorId; options: ScopeOption[] }[] {
  const paths = new Map<string, { vendor: VendorId; path: string[] }>();
  for (const m of rows) {
    if (!m.scope) continue;
    for (let depth = 1; depth <= m.scope.length; depth++) {
      const path = m.scope.slice(0, depth);
      const key = scopeKey(m.vendor, path);
      if (!paths.has(key)) paths.set(key, { vendor: m.vendor, path });
    }
  }
  const sorted = [...paths.entries()].sort(([, a], [, b]) => {
    for (let i = 0; i < Math.min(a.path.length, b.path.length); i++) {
      const order = nameCollator.compare(a.path[i] ?? '', b.path[i] ?? '');
      if (order) return order;
    }
    return a.path.length - b.path.length;
  });
  return VENDOR_IDS.map((vendor) => ({
    vendor,
    options: sorted
      .filter(([, s]) => s.vendor === vendor)
      .map(([key, { path }]) => ({
        key,
        depth: path.length - 1,
        label: `${SCOPE_LEVELS[vendor][path.length - 1] ?? 'Group'}: ${path[path.length - 1] ?? ''}`,
      })),
  })).filter((group) => group.options.length > 0);
}

/**
 * A search index over one list of rows: every row's searchable text, lower-cased and joined into one string, with
 * where each row starts. A term is then found with native `indexOf` jumps over the whole text instead of one
 * substring scan per row, which keeps a keystroke on 100 000 rows within a frame.
 */
interface SearchIndex {
  text: string;
  starts: Int32Array;
}
const indexes = new WeakMap<readonly Machine[], SearchIndex>();

/** Builds (once) the search index of a row list; called when the browser is idle so the first keystroke is fast. */
export function indexOf(rows: readonly Machine[]): SearchIndex {
  let index = indexes.get(rows);
  if (!index) {
    const parts: string[] = new Array<string>(rows.length);
    const starts = new Int32Array(rows.length + 1);
    let offset = 0;
    rows.forEach((m, i) => {
      // \u0001 separates rows, so a term never matches across two of them.
      const part =
        `${m.name}\n${m.addresses.join('\n')}\n${m.host ?? ''}\n${m.tags.join('\n')}\n${m.vendorId}\u0001`.toLowerCase();
      parts[i] = part;
      starts[i] = offset;
      offset += part.length;
    });
    starts[rows.length] = offset;
    index = { text: parts.join(''), starts };
    indexes.set(rows, index);
  }
  return index;
}

/** Marks the rows whose text contains `term`. */
function markMatches(index: SearchIndex, term: string, into: Uint8Array, round: number): void {
  const { text, starts } = index;
  let row = 0;
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
    // Rows are in text order: walk forward to the row that holds this match.
    while (starts[row + 1]! <= at) row++;
    if (into[row] === round - 1) into[row] = round;
    // The rest of this row cannot add anything: jump to the next one.
    at = starts[row + 1]! - 1;
  }
}

export function filterRows(
  rows: readonly Machine[],
  f: Filters,
  folderOf: (profileId: string) => string,
): Machine[] {
  const terms = f.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const { vendor, profileId, power, folder } = f;
  const scope = f.scope ? (JSON.parse(f.scope) as string[]) : undefined;
  let hits: Uint8Array | undefined;
  if (terms.length) {
    const index = indexOf(rows);
    hits = new Uint8Array(rows.length);
    terms.forEach((term, i) => markMatches(index, term, hits as Uint8Array, i + 1));
  }
  const wanted = terms.length;
  const out: Machine[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (hits && hits[i] !== wanted) continue;
    const m = rows[i] as Machine;
    if (vendor && m.vendor !== vendor) continue;
    if (profileId && m.profileId !== profileId) continue;
    if (power && m.power !== power) continue;
    if (folder && !folderOf(m.profileId).startsWith(folder)) continue;
    if (scope && !inScope(m, scope)) continue;
    out.push(m);
  }
  return out;
}

const NON_ASCII = /[^ -~]/;
const DIACRITICS = /\p{Mn}/gu;
const DIGITS = /\d+/g;
/** Sort keys by text, kept between sorts: a large inventory is re-sorted as it streams in, with mostly the same rows. */
const sortKeys = new Map<string, string>();
const MAX_SORT_KEYS = 400_000;

/**
 * A key whose plain (code unit) order is a natural, case- and accent-insensitive order: "vm-9" before "vm-10". The
 * locale collator gives that order too, but comparing 100 000 names with it takes a third of a second, on every sort.
 */
export function sortKey(text: string): string {
  let key = sortKeys.get(text);
  if (key === undefined) {
    let plain = text.toLowerCase();
    if (NON_ASCII.test(plain)) plain = plain.normalize('NFD').replace(DIACRITICS, '');
    // Numbers compare by value; beyond 15 digits (never in names) they keep their text order.
    key = plain.replace(DIGITS, (digits) => (digits.length > 15 ? digits : digits.padStart(15, '0')));
    if (sortKeys.size >= MAX_SORT_KEYS) sortKeys.clear();
    sortKeys.set(text, key);
  }
  return key;
}

export function sortRows(
  rows: readonly Machine[],
  column: Column,
  descending: boolean,
  name: (id: string) => string,
): Machine[] {
  const keyed = rows.map((m) => {
    const value = column.value(m, name);
    return { m, k: value === undefined || column.numeric ? value : sortKey(String(value)) };
  });
  const sign = descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.k === undefined) return b.k === undefined ? 0 : 1;
    if (b.k === undefined) return -1;
    if (column.numeric) return sign * ((a.k as number) - (b.k as number));
    return a.k < b.k ? -sign : a.k > b.k ? sign : 0;
  });
  return keyed.map((x) => x.m);
}

/** Group headings between the machines themselves (no wrapper objects: 100 000 rows stay cheap). */
export type DisplayItem = TableItem<Machine>;
export { isGroup };

export function groupRows(
  rows: Machine[],
  by: '' | 'profile' | 'host' | 'scope',
  name: (id: string) => string,
): DisplayItem[] {
  if (!by) return rows;
  const groups = new Map<string, Machine[]>();
  for (const m of rows) {
    const key =
      by === 'profile'
        ? name(m.profileId)
        : by === 'scope'
          ? `${VENDOR_LABELS[m.vendor]}: ${m.scope?.join(' / ') ?? '(none)'}`
          : (m.host ?? '(no host)');
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(m);
  }
  const items: DisplayItem[] = [];
  for (const [key, list] of [...groups].sort(([a], [b]) => nameCollator.compare(a, b))) {
    items.push({ group: true, key, label: key, count: list.length });
    for (const machine of list) items.push(machine);
  }
  return items;
}

export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
}
