import { createRng, hashString, type Rng } from '../core/rng';
import { contentKey } from './content';

/*
 * The files inside a protected host's snapshots: a pure function of (seed, host id, OS), so the simulator, its tests
 * and the app's download tests can all recompute a file's size and bytes without asking the lab.
 */

export type OsType = 'kLinux' | 'kWindows';

export interface CatalogueFile {
  /** Absolute path, slash-separated (Windows drives as `/C/...`, as Cohesity indexes them). */
  path: string;
  name: string;
  dir: string;
  size: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;
export const MAX_FILE_SIZE = 64 * MIB;

interface Template {
  path: (rng: Rng, user: string) => string;
  min: number;
  max: number;
  chance?: number;
}

const year = (rng: Rng): number => rng.int(2021, 2026);

const LINUX: readonly Template[] = [
  { path: () => '/etc/hosts', min: 1 * KIB, max: 4 * KIB },
  { path: () => '/etc/fstab', min: 1 * KIB, max: 3 * KIB },
  { path: () => '/etc/ssh/sshd_config', min: 3 * KIB, max: 8 * KIB },
  { path: () => '/etc/nginx/nginx.conf', min: 2 * KIB, max: 12 * KIB, chance: 0.5 },
  { path: () => '/var/log/syslog', min: 256 * KIB, max: 16 * MIB },
  { path: () => '/var/log/messages', min: 128 * KIB, max: 8 * MIB },
  { path: (rng) => `/var/log/app/app-${year(rng)}.log`, min: 64 * KIB, max: 24 * MIB },
  { path: (_rng, user) => `/home/${user}/notes.txt`, min: 2 * KIB, max: 64 * KIB },
  { path: (_rng, user) => `/home/${user}/.bashrc`, min: 2 * KIB, max: 5 * KIB },
  { path: () => '/opt/app/config.yaml', min: 2 * KIB, max: 20 * KIB },
  { path: () => '/opt/app/lib/app.jar', min: 8 * MIB, max: 40 * MIB, chance: 0.6 },
  { path: (rng) => `/data/db/dump-${year(rng)}.sql.gz`, min: 16 * MIB, max: MAX_FILE_SIZE, chance: 0.5 },
  { path: (rng) => `/data/reports/report-${rng.int(1, 48)}.pdf`, min: 100 * KIB, max: 4 * MIB },
  { path: (rng) => `/data/reports/summary-${rng.int(1, 12)}.csv`, min: 8 * KIB, max: 2 * MIB },
];

const WINDOWS: readonly Template[] = [
  { path: () => '/C/Windows/System32/drivers/etc/hosts', min: 1 * KIB, max: 4 * KIB },
  { path: (_rng, user) => `/C/Users/${user}/Desktop/notes.txt`, min: 2 * KIB, max: 64 * KIB },
  {
    path: (rng, user) => `/C/Users/${user}/Documents/report-${rng.int(1, 48)}.docx`,
    min: 40 * KIB,
    max: 6 * MIB,
  },
  { path: (rng, user) => `/C/Users/${user}/Documents/budget-${year(rng)}.xlsx`, min: 30 * KIB, max: 3 * MIB },
  {
    path: (rng) => `/C/inetpub/logs/LogFiles/W3SVC1/u_ex${rng.int(210101, 261231)}.log`,
    min: 64 * KIB,
    max: 20 * MIB,
  },
  { path: () => '/C/ProgramData/App/config.xml', min: 2 * KIB, max: 16 * KIB },
  { path: () => '/C/Program Files/App/app.exe', min: 4 * MIB, max: 32 * MIB, chance: 0.6 },
  { path: (rng) => `/D/SQLData/backup-${year(rng)}.bak`, min: 16 * MIB, max: MAX_FILE_SIZE, chance: 0.5 },
  { path: (rng) => `/D/Shares/Finance/invoice-${rng.int(1000, 9999)}.pdf`, min: 50 * KIB, max: 2 * MIB },
];

const USERS = ['admin', 'alice', 'bob', 'carol', 'deploy', 'svc-backup', 'oracle', 'www'];

/** Sizes are log-uniform: mostly small files, a few large ones. */
function logUniform(rng: Rng, min: number, max: number): number {
  const low = Math.log(min);
  return Math.min(max, Math.round(Math.exp(low + rng.next() * (Math.log(max) - low))));
}

function splitPath(path: string): { dir: string; name: string } {
  const slash = path.lastIndexOf('/');
  return { dir: path.slice(0, slash) || '/', name: path.slice(slash + 1) };
}

export function fileCatalogue(seed: number, hostId: number, osType: OsType): CatalogueFile[] {
  const rng = createRng(hashString(`${seed}/files/${hostId}/${osType}`));
  const user = rng.pick(USERS);
  const files = new Map<string, CatalogueFile>();
  for (const template of osType === 'kWindows' ? WINDOWS : LINUX) {
    if (template.chance !== undefined && !rng.chance(template.chance)) continue;
    const path = template.path(rng, user);
    files.set(path, { path, ...splitPath(path), size: logUniform(rng, template.min, template.max) });
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Files selected by an absolute path: the file itself, or everything under a directory. */
export function selectFiles(catalogue: readonly CatalogueFile[], absolutePath: string): CatalogueFile[] {
  const exact = catalogue.find((file) => file.path === absolutePath);
  if (exact) return [exact];
  const prefix = absolutePath.endsWith('/') ? absolutePath : `${absolutePath}/`;
  return catalogue.filter((file) => file.path.startsWith(prefix));
}

/** Every directory that holds a file of the catalogue (for indexed search of type Directory). */
export function directories(catalogue: readonly CatalogueFile[]): string[] {
  const dirs = new Set<string>();
  for (const file of catalogue) {
    let dir = file.dir;
    while (dir && dir !== '/') {
      dirs.add(dir);
      dir = splitPath(dir).dir;
    }
  }
  return [...dirs].sort();
}

export function fileContentKey(seed: number, hostId: number, path: string): Buffer {
  return contentKey(seed, `host-${hostId}`, path);
}
