/** The app's views, in navigation order. Ctrl+1..9 and Ctrl+0 jump to the first ten. */
export interface ViewDefinition {
  id: string;
  label: string;
  /** What the view is for, shown under its title. */
  purpose: string;
}

export const VIEWS: readonly ViewDefinition[] = [
  { id: 'inventory', label: 'Inventory', purpose: 'Every machine of every connection in one table.' },
  { id: 'sessions', label: 'Sessions', purpose: 'Instant-recovery sessions on Unitrends appliances.' },
  { id: 'consoles', label: 'Consoles', purpose: 'Embedded VNC consoles, one tab per machine.' },
  { id: 'protection', label: 'Protection', purpose: 'IBM policies, protection groups and runs.' },
  { id: 'recoveries', label: 'Recoveries', purpose: 'Recoveries and restore points.' },
  { id: 'downloads', label: 'Downloads', purpose: 'Recovered files downloaded to this computer.' },
  { id: 'tasks', label: 'Tasks', purpose: 'Running and recent actions, followed to their end.' },
  { id: 'profiles', label: 'Profiles', purpose: 'Connections to your systems.' },
  { id: 'settings', label: 'Settings', purpose: 'How Vantage behaves on this computer.' },
  { id: 'audit', label: 'Audit', purpose: 'Every change Vantage made, with its outcome.' },
];

export type ViewId = (typeof VIEWS)[number]['id'];

/** Maps Ctrl+digit to a view: 1..9 then 0 for the tenth. */
export function viewForShortcut(key: string): ViewDefinition | undefined {
  if (!/^\d$/.test(key)) return undefined;
  const index = key === '0' ? 9 : Number(key) - 1;
  return VIEWS[index];
}
