import type { GuestFamily } from './catalog';

/**
 * A tiny model of the guest's file system and programs: enough for every documented answer of
 * `guest/processes?action=create` (missing path, no access, not a program) and for deterministic exit codes.
 */

/** The unprivileged demo account and the administrator of each guest family. */
export const GUEST_USER = 'vantage';
export const GUEST_ADMIN: Readonly<Record<GuestFamily, string>> = { LINUX: 'root', WINDOWS: 'Administrator' };

/** How long a program runs when nothing says otherwise (before the time scale). */
export const DEFAULT_RUN_MS = 1000;

export type PathVerdict =
  | { kind: 'program'; name: string }
  | { kind: 'invalid'; why: string }
  | { kind: 'missing' }
  | { kind: 'directory' }
  | { kind: 'denied' };

interface FileSystem {
  absolute: RegExp;
  /** Normalises for comparison (Windows paths are case-insensitive). */
  key(path: string): string;
  separator: string;
  directories: ReadonlySet<string>;
  /** Directories holding only the programs listed in `programs`. */
  systemDirectories: ReadonlySet<string>;
  programs: ReadonlySet<string>;
  /** Directories whose content the lab does not model: anything below them exists. */
  openTrees: readonly string[];
  /** Directories only the administrator may read. */
  adminTrees: readonly string[];
}

const LINUX_PROGRAMS = [
  'bash',
  'sh',
  'ls',
  'cat',
  'echo',
  'true',
  'false',
  'sleep',
  'uname',
  'hostname',
  'id',
  'whoami',
  'ps',
  'grep',
  'env',
  'date',
  'test',
  'df',
  'uptime',
  'systemctl',
  'journalctl',
  'python3',
  'curl',
  'reboot',
  'shutdown',
  'ip',
];
const WINDOWS_PROGRAMS = [
  'cmd.exe',
  'hostname.exe',
  'whoami.exe',
  'ipconfig.exe',
  'ping.exe',
  'timeout.exe',
  'tasklist.exe',
  'sc.exe',
  'net.exe',
  'shutdown.exe',
  'systeminfo.exe',
  'windowspowershell\\v1.0\\powershell.exe',
];

const LINUX: FileSystem = {
  absolute: /^\//,
  key: (path) => path.replace(/\/+$/, '') || '/',
  separator: '/',
  directories: new Set([
    '/',
    '/bin',
    '/sbin',
    '/usr',
    '/usr/bin',
    '/usr/sbin',
    '/usr/local',
    '/usr/local/bin',
    '/etc',
    '/tmp',
    '/var',
    '/var/log',
    '/opt',
    '/home',
    `/home/${GUEST_USER}`,
    '/root',
  ]),
  systemDirectories: new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin']),
  programs: new Set(LINUX_PROGRAMS.flatMap((p) => ['/bin', '/usr/bin'].map((dir) => `${dir}/${p}`))),
  openTrees: ['/opt', '/tmp', '/usr/local/bin', `/home/${GUEST_USER}`, '/root'],
  adminTrees: ['/root'],
};

const WINDOWS: FileSystem = {
  absolute: /^[A-Za-z]:\\/,
  key: (path) =>
    path
      .toLowerCase()
      .replace(/\\+$/, '')
      .replace(/^([a-z]:)$/, '$1\\'),
  separator: '\\',
  directories: new Set([
    'c:\\',
    'c:\\windows',
    'c:\\windows\\system32',
    'c:\\temp',
    'c:\\program files',
    'c:\\users',
    `c:\\users\\${GUEST_USER}`,
    'c:\\users\\administrator',
  ]),
  systemDirectories: new Set(['c:\\windows', 'c:\\windows\\system32']),
  programs: new Set(WINDOWS_PROGRAMS.map((p) => `c:\\windows\\system32\\${p}`)),
  openTrees: ['c:\\temp', 'c:\\program files', `c:\\users\\${GUEST_USER}`, 'c:\\users\\administrator'],
  adminTrees: ['c:\\users\\administrator'],
};

const FILE_SYSTEMS: Readonly<Record<GuestFamily, FileSystem>> = { LINUX, WINDOWS };

function basename(path: string, separator: string): string {
  return path.slice(path.lastIndexOf(separator) + 1);
}

/** What starting `path` as `user` would meet in a guest of this family. */
export function resolveProgram(family: GuestFamily, path: string, admin: boolean): PathVerdict {
  const fs = FILE_SYSTEMS[family];
  if (!fs.absolute.test(path)) return { kind: 'invalid', why: `the program path must be absolute: ${path}` };
  const key = fs.key(path);
  const within = (tree: string): boolean => key === tree || key.startsWith(tree + fs.separator);
  if (!admin && fs.adminTrees.some(within)) return { kind: 'denied' };
  if (fs.directories.has(key)) return { kind: 'directory' };
  const name = basename(path, fs.separator);
  if (fs.programs.has(key)) return { kind: 'program', name };
  const parent = key.slice(0, key.lastIndexOf(fs.separator)) || fs.separator;
  if (fs.systemDirectories.has(parent)) return { kind: 'missing' };
  return fs.openTrees.some(within) ? { kind: 'program', name } : { kind: 'missing' };
}

/** Services `systemctl is-active` reports as active, by machine role (everything else is inactive: exit 3). */
const ROLE_UNITS: Readonly<Record<string, readonly string[]>> = {
  web: ['nginx'],
  app: ['tomcat'],
  api: ['nginx', 'gunicorn'],
  db: ['postgresql'],
  cache: ['redis-server', 'redis'],
  mq: ['rabbitmq-server'],
  'k8s-node': ['kubelet', 'containerd'],
  ci: ['jenkins'],
  mon: ['prometheus', 'grafana-server'],
  log: ['elasticsearch'],
  proxy: ['haproxy'],
  dns: ['named', 'bind9'],
};
const BASE_UNITS = [
  'sshd',
  'ssh',
  'cron',
  'crond',
  'rsyslog',
  'systemd-journald',
  'vmtoolsd',
  'open-vm-tools',
];

export function activeUnits(role: string): ReadonlySet<string> {
  return new Set([...BASE_UNITS, ...(ROLE_UNITS[role] ?? [])]);
}

export interface ProgramRun {
  durationMs: number;
  exitCode: number;
}

/**
 * Deterministic behaviour of a started program (documented in README.md):
 * - `false` exits 1, `true` and unknown programs exit 0;
 * - `exit N` anywhere in the arguments (`bash -c "...; exit 3"`, `cmd.exe /c exit 3`) exits N;
 * - `systemctl is-active UNIT` exits 0 when the unit is active for the machine's role, else 3;
 * - `sleep N` (Linux) and `timeout /t N` (Windows) run N seconds; everything else runs DEFAULT_RUN_MS.
 */
export function runProgram(name: string, args: string, role: string): ProgramRun {
  const program = name.toLowerCase().replace(/\.exe$/, '');
  const inner = shellCommand(program, args);
  // `exit N` anywhere wins, `cmd.exe /c exit 3` included.
  if (inner && !/\bexit\s+\d+/i.test(args)) return runProgram(inner.name, inner.args, role);
  const seconds = (pattern: RegExp): number | undefined => {
    const match = pattern.exec(args);
    return match ? Number(match[1]) * 1000 : undefined;
  };
  const durationMs =
    (program === 'sleep' ? seconds(/^\s*(\d+(?:\.\d+)?)/) : undefined) ??
    (program === 'timeout' ? seconds(/\/t\s+(\d+)/i) : undefined) ??
    DEFAULT_RUN_MS;
  const explicit = /\bexit\s+(\d+)/i.exec(args);
  if (explicit) return { durationMs, exitCode: Number(explicit[1]) };
  if (program === 'false') return { durationMs, exitCode: 1 };
  const unit = /\bis-active\s+([\w@.-]+?)(?:\.service)?(?:\s|$)/.exec(args);
  if (program === 'systemctl' && unit?.[1])
    return { durationMs, exitCode: activeUnits(role).has(unit[1]) ? 0 : 3 };
  return { durationMs, exitCode: 0 };
}

/** `1>"path"` / `2>'path'` / `>path` in a shell command line: where a program's output goes. */
const REDIRECT = /(?:^|\s)([12]?)>\s*(?:"([^"]+)"|'([^']+)'|([^\s'"]+))/g;

export interface Redirects {
  stdout?: string;
  stderr?: string;
}

/** The files a shell command line sends its output to. */
export function redirectsOf(args: string): Redirects {
  const found: Redirects = {};
  for (const match of args.matchAll(REDIRECT)) {
    const path = match[2] ?? match[3] ?? match[4] ?? '';
    if (match[1] === '2') found.stderr = path;
    else found.stdout = path;
  }
  return found;
}

/** `sh -c "cmd"` / `cmd.exe /c "cmd"`: the command the shell runs, redirections left out. */
function shellCommand(program: string, args: string): { name: string; args: string } | undefined {
  const shell = ['sh', 'bash'].includes(program)
    ? /^\s*-c\s+/
    : program === 'cmd'
      ? /^\s*\/c\s+/i
      : undefined;
  if (!shell?.test(args)) return undefined;
  let line = args.replace(shell, '').replace(REDIRECT, '').trim();
  // The whole command is usually quoted once: `-c 'systemctl is-active nginx'`.
  if (/^(['"]).*\1$/s.test(line)) line = line.slice(1, -1).trim();
  const [first = '', ...rest] = line.split(/\s+/);
  return {
    name: first.slice(first.lastIndexOf('/') + 1).slice(first.lastIndexOf('\\') + 1),
    args: rest.join(' '),
  };
}

/** What a program prints (deterministic; README): enough for checks such as `systemctl is-active nginx`. */
export function programOutput(
  name: string,
  args: string,
  context: { role: string; host: string; user: string; family: GuestFamily },
): { stdout: string; stderr: string } {
  const program = name.toLowerCase().replace(/\.exe$/, '');
  const inner = shellCommand(program, args);
  if (inner) return programOutput(inner.name, inner.args, context);
  const eol = context.family === 'WINDOWS' ? '\r\n' : '\n';
  const out = (text: string): { stdout: string; stderr: string } => ({ stdout: `${text}${eol}`, stderr: '' });
  const unit = /\bis-active\s+([\w@.-]+?)(?:\.service)?(?:\s|$)/.exec(args)?.[1];
  if (program === 'systemctl' && unit)
    return out(activeUnits(context.role).has(unit) ? 'active' : 'inactive');
  if (program === 'echo') return out(args.replace(/^(['"])(.*)\1$/, '$2'));
  if (program === 'hostname') return out(context.host);
  if (program === 'whoami') return out(context.user);
  if (program === 'uname') return out(context.family === 'WINDOWS' ? 'Windows_NT' : 'Linux');
  if (program === 'false') return { stdout: '', stderr: '' };
  if (program === 'cat' && args.trim())
    return { stdout: '', stderr: `cat: ${args.trim()}: No such file or directory${eol}` };
  return { stdout: '', stderr: '' };
}

export interface SystemProcess {
  pid: number;
  name: string;
  owner: string;
  command: string;
}

const LINUX_SYSTEM: readonly SystemProcess[] = [
  { pid: 1, name: 'systemd', owner: 'root', command: '/sbin/init' },
  { pid: 312, name: 'systemd-journald', owner: 'root', command: '/lib/systemd/systemd-journald' },
  { pid: 845, name: 'sshd', owner: 'root', command: '/usr/sbin/sshd -D' },
  { pid: 851, name: 'cron', owner: 'root', command: '/usr/sbin/cron -f' },
  { pid: 877, name: 'rsyslogd', owner: 'syslog', command: '/usr/sbin/rsyslogd -n' },
  { pid: 902, name: 'vmtoolsd', owner: 'root', command: '/usr/bin/vmtoolsd' },
];
const WINDOWS_SYSTEM: readonly SystemProcess[] = [
  { pid: 4, name: 'System', owner: 'NT AUTHORITY\\SYSTEM', command: '' },
  { pid: 388, name: 'smss.exe', owner: 'NT AUTHORITY\\SYSTEM', command: '\\SystemRoot\\System32\\smss.exe' },
  {
    pid: 512,
    name: 'csrss.exe',
    owner: 'NT AUTHORITY\\SYSTEM',
    command: '%SystemRoot%\\system32\\csrss.exe',
  },
  {
    pid: 680,
    name: 'services.exe',
    owner: 'NT AUTHORITY\\SYSTEM',
    command: 'C:\\Windows\\system32\\services.exe',
  },
  { pid: 700, name: 'lsass.exe', owner: 'NT AUTHORITY\\SYSTEM', command: 'C:\\Windows\\system32\\lsass.exe' },
  {
    pid: 812,
    name: 'svchost.exe',
    owner: 'NT AUTHORITY\\SYSTEM',
    command: 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch',
  },
  {
    pid: 2204,
    name: 'vmtoolsd.exe',
    owner: 'NT AUTHORITY\\SYSTEM',
    command: '"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe"',
  },
];
const ROLE_PROCESSES: Readonly<Record<string, readonly SystemProcess[]>> = {
  web: [
    { pid: 1204, name: 'nginx', owner: 'root', command: 'nginx: master process /usr/sbin/nginx' },
    { pid: 1205, name: 'nginx', owner: 'www-data', command: 'nginx: worker process' },
  ],
  db: [
    {
      pid: 1301,
      name: 'postgres',
      owner: 'postgres',
      command: '/usr/lib/postgresql/14/bin/postgres -D /var/lib/postgresql/14/main',
    },
  ],
  sql: [
    {
      pid: 2600,
      name: 'sqlservr.exe',
      owner: 'NT Service\\MSSQLSERVER',
      command:
        '"C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe" -sMSSQLSERVER',
    },
  ],
};

/** The processes a freshly booted guest runs. */
export function systemProcesses(family: GuestFamily, role: string): readonly SystemProcess[] {
  return [...(family === 'LINUX' ? LINUX_SYSTEM : WINDOWS_SYSTEM), ...(ROLE_PROCESSES[role] ?? [])];
}
