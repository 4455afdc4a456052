import type { Machine, PowerState } from '../../../common/machines';
import { VENDOR_LABELS } from '../../../common/vendors';

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
}

/** Search text per row, lower-cased once: a keystroke then costs one substring scan per row. */
const haystacks = new WeakMap<Machine, string>();
function haystack(m: Machine): string {
  let text = haystacks.get(m);
  if (text === undefined) {
    text =
      `${m.name}\n${m.addresses.join('\n')}\n${m.host ?? ''}\n${m.tags.join('\n')}\n${m.vendorId}`.toLowerCase();
    haystacks.set(m, text);
  }
  return text;
}

export function filterRows(
  rows: readonly Machine[],
  f: Filters,
  folderOf: (profileId: string) => string,
): Machine[] {
  const terms = f.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const out: Machine[] = [];
  for (const m of rows) {
    if (f.vendor && m.vendor !== f.vendor) continue;
    if (f.profileId && m.profileId !== f.profileId) continue;
    if (f.power && m.power !== f.power) continue;
    if (f.folder && !folderOf(m.profileId).startsWith(f.folder)) continue;
    if (terms.length) {
      const text = haystack(m);
      let all = true;
      for (const term of terms)
        if (!text.includes(term)) {
          all = false;
          break;
        }
      if (!all) continue;
    }
    out.push(m);
  }
  return out;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function sortRows(
  rows: readonly Machine[],
  column: Column,
  descending: boolean,
  name: (id: string) => string,
): Machine[] {
  const keyed = rows.map((m) => ({ m, k: column.value(m, name) }));
  const sign = descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.k === undefined) return b.k === undefined ? 0 : 1;
    if (b.k === undefined) return -1;
    return (
      sign * (column.numeric ? (a.k as number) - (b.k as number) : collator.compare(String(a.k), String(b.k)))
    );
  });
  return keyed.map((x) => x.m);
}

export type DisplayItem =
  { kind: 'group'; key: string; label: string; count: number } | { kind: 'row'; machine: Machine };

export function groupRows(
  rows: readonly Machine[],
  by: '' | 'profile' | 'host',
  name: (id: string) => string,
): DisplayItem[] {
  if (!by) return rows.map((machine) => ({ kind: 'row', machine }));
  const groups = new Map<string, Machine[]>();
  for (const m of rows) {
    const key = by === 'profile' ? name(m.profileId) : (m.host ?? '(no host)');
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(m);
  }
  const items: DisplayItem[] = [];
  for (const [key, list] of [...groups].sort(([a], [b]) => collator.compare(a, b))) {
    items.push({ kind: 'group', key, label: key, count: list.length });
    for (const machine of list) items.push({ kind: 'row', machine });
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
