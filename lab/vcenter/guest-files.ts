import { randomBytes } from 'node:crypto';

import type { LabClock } from '../core/clock';
import type { Inventory, VmRecord } from './data';
import { message, VapiError, vapiError } from './errors';
import { guestLogin, requireField, type Account } from './guest-login';
import type { VmState } from './state';
import { isRecord } from './values';

/**
 * The guest file system as far as a command runner needs it: temporary files, deletion, and transfers out of the
 * guest through a one-time HTTPS URL (`guest/filesystem?action=create` answers the URL; a GET on it gives the
 * bytes). Files belong to one boot of the guest; a file a running program writes to is empty until it exits.
 */

interface GuestFile {
  owner: string;
  content: Buffer;
  /** When the writing program ends: before that, the file has no content yet. */
  readyAt: number;
}

export interface GuestFiles {
  createTemporary(index: number, body: unknown): string;
  remove(index: number, path: string, body: unknown): void;
  /** A one-time transfer URL (path only; the lab serves it on its own host). */
  transferOut(index: number, body: unknown, host: string): string;
  /** GET on a transfer URL: the file's bytes, or undefined for an unknown or used one. */
  download(id: string): Buffer | undefined;
  /** What a program started by `processes` writes (its redirected output). */
  write(index: number, path: string, content: string, readyAt: number, owner: string): void;
}

/** Where temporary files go by default, per family (Windows: the user's own temp directory). */
const tempDirectory = (vm: VmRecord, account: Account): string =>
  vm.os.family === 'WINDOWS' ? `C:\\Users\\${account.user}\\AppData\\Local\\Temp` : '/tmp';

function fileNotFound(path: string): VapiError {
  return new VapiError(
    'NOT_FOUND',
    [message('com.vmware.api.vcenter.vm.guest.file_not_found', `File ${path} was not found.`, path)],
    { data: { file_path: path } },
  );
}

export function createGuestFiles(inventory: Inventory, state: VmState, clock: LabClock): GuestFiles {
  const tables = new Map<number, { bootedAt: number; files: Map<string, GuestFile> }>();
  const transfers = new Map<string, { index: number; bootedAt: number; path: string }>();

  const filesOf = (index: number): Map<string, GuestFile> => {
    const bootedAt = state.bootedAt(index);
    let table = tables.get(index);
    if (!table || table.bootedAt !== bootedAt) {
      table = { bootedAt, files: new Map() };
      tables.set(index, table);
    }
    return table.files;
  };
  const key = (vm: VmRecord, path: string): string =>
    vm.os.family === 'WINDOWS' ? path.toLowerCase() : path;

  const enter = (index: number, body: unknown): { vm: VmRecord; account: Account } => {
    requireField(body, 'credentials');
    const vm = inventory.vms[index] as VmRecord;
    state.requireGuestOperations(index);
    return { vm, account: guestLogin(vm, body) };
  };
  /** The file, if this account may touch it (the administrator may touch anything). */
  const existing = (vm: VmRecord, account: Account, index: number, path: string): GuestFile => {
    const file = filesOf(index).get(key(vm, path));
    if (!file) throw fileNotFound(path);
    if (!account.admin && file.owner !== account.user)
      throw vapiError(
        'UNAUTHORIZED',
        'com.vmware.api.vcenter.vm.guest.permission_denied',
        `User ${account.user} may not access ${path}.`,
        path,
      );
    return file;
  };

  return {
    createTemporary(index, body) {
      const { vm, account } = enter(index, body);
      const text = (name: string): string => {
        const value = isRecord(body) ? body[name] : undefined;
        if (typeof value !== 'string')
          throw vapiError(
            'INVALID_ARGUMENT',
            'vapi.bindings.typeconverter.invalid.field',
            `Missing required field ${name}.`,
            name,
          );
        return value;
      };
      const prefix = text('prefix');
      const suffix = text('suffix');
      const parent = isRecord(body) && typeof body.parent_path === 'string' ? body.parent_path : undefined;
      const separator = vm.os.family === 'WINDOWS' ? '\\' : '/';
      const path = `${parent ?? tempDirectory(vm, account)}${separator}${prefix}${randomBytes(4).toString('hex')}${suffix}`;
      filesOf(index).set(key(vm, path), {
        owner: account.user,
        content: Buffer.alloc(0),
        readyAt: clock.now(),
      });
      return path;
    },
    remove(index, path, body) {
      const { vm, account } = enter(index, body);
      existing(vm, account, index, path);
      filesOf(index).delete(key(vm, path));
    },
    transferOut(index, body, host) {
      const { vm, account } = enter(index, body);
      const spec = requireField(body, 'spec');
      if (typeof spec.path !== 'string')
        throw vapiError(
          'INVALID_ARGUMENT',
          'vapi.bindings.typeconverter.invalid.field',
          'Missing required field spec.path.',
          'spec.path',
        );
      if (spec.attributes !== undefined)
        throw vapiError(
          'UNSUPPORTED',
          'com.vmware.api.vcenter.vm.guest.filesystem.transfer_in_unsupported',
          'The lab transfers files out of the guest only.',
        );
      existing(vm, account, index, spec.path);
      const id = randomBytes(16).toString('hex');
      transfers.set(id, { index, bootedAt: state.bootedAt(index), path: key(vm, spec.path) });
      return `https://${host}/guestFile?id=${id}`;
    },
    download(id) {
      const transfer = transfers.get(id);
      if (!transfer) return undefined;
      transfers.delete(id);
      const table = tables.get(transfer.index);
      if (!table || table.bootedAt !== transfer.bootedAt) return undefined;
      const file = table.files.get(transfer.path);
      if (!file) return undefined;
      return clock.now() >= file.readyAt ? file.content : Buffer.alloc(0);
    },
    write(index, path, content, readyAt, owner) {
      const vm = inventory.vms[index] as VmRecord;
      filesOf(index).set(key(vm, path), { owner, content: Buffer.from(content), readyAt });
    },
  };
}
