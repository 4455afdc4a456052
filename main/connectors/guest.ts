import type { GuestProcessRow } from '../../common/guest';
import type { Machine } from '../../common/machines';

/**
 * Running programs inside a machine's guest operating system (vCenter through VMware Tools so far): the vendor's
 * wire, in the words a workflow needs. The workflow itself (temporary files, waiting, output) is
 * `services/guest/run.ts`.
 */

/** A guest account; travels to the vendor in the body of each call and is never kept by the connector. */
export interface GuestCredentials {
  user: string;
  password: string;
}

export type GuestFamily = 'LINUX' | 'WINDOWS' | 'OTHER';

export interface GuestProgram {
  path: string;
  arguments?: string;
  workingDirectory?: string;
  environment?: Record<string, string>;
}

/** A process in the guest, as the window lists it. */
export type GuestProcessInfo = GuestProcessRow;

export interface GuestOperations {
  family(machine: Machine): Promise<GuestFamily>;
  createTemporaryFile(
    machine: Machine,
    who: GuestCredentials,
    prefix: string,
    suffix: string,
  ): Promise<string>;
  start(machine: Machine, who: GuestCredentials, program: GuestProgram): Promise<number>;
  process(machine: Machine, who: GuestCredentials, pid: number): Promise<GuestProcessInfo>;
  processes(machine: Machine, who: GuestCredentials): Promise<GuestProcessInfo[]>;
  kill(machine: Machine, who: GuestCredentials, pid: number): Promise<void>;
  /** The file's content, at most `limitBytes` of it. */
  readFile(
    machine: Machine,
    who: GuestCredentials,
    path: string,
    limitBytes: number,
  ): Promise<{ text: string; truncated: boolean }>;
  deleteFile(machine: Machine, who: GuestCredentials, path: string): Promise<void>;
}
