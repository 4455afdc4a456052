import { VantageError } from '../../../common/errors';
import type { Keychain } from '../keychain';
import type { PasswordOffer, PasswordSource } from './rfb-upstream';
import type { PasswordBook } from './session';

const account = (machineId: string): string => `console:${machineId}`;

/**
 * VNC passwords per machine, all held in main: the one a vendor hands out with the endpoint (ComodIT's token), and
 * the one the user chose to keep in the OS keychain (account `console:<machine id>`). A vendor password the server
 * refused is not tried again while Vantage runs; a saved one the server refused is deleted.
 */
export function consolePasswords(keychain: Keychain) {
  const refusedVendor = new Set<string>();
  return {
    /** Whether a password for this machine is in the keychain (false when the keychain cannot be read). */
    async saved(machineId: string): Promise<boolean> {
      return (await keychain.get(account(machineId)).catch(() => undefined)) !== undefined;
    },
    async forget(machineId: string): Promise<void> {
      await keychain.delete(account(machineId));
    },
    /** Deletes the saved passwords of every machine of a profile (the profile is being removed). */
    async forgetProfile(profileId: string): Promise<void> {
      const prefix = account(`${profileId}/`);
      for (const name of await keychain.accounts()) if (name.startsWith(prefix)) await keychain.delete(name);
      for (const machineId of refusedVendor)
        if (machineId.startsWith(`${profileId}/`)) refusedVendor.delete(machineId);
    },
    /** The password book of one connection to one machine. */
    book(machineId: string, vendorPassword: string | undefined): PasswordBook {
      return {
        async known(): Promise<PasswordOffer | undefined> {
          if (vendorPassword && !refusedVendor.has(machineId))
            return { password: vendorPassword, source: 'vendor' };
          // An unreachable keychain is the same as nothing saved: the user is asked.
          const saved = await keychain.get(account(machineId)).catch(() => undefined);
          return saved ? { password: saved, source: 'keychain' } : undefined;
        },
        async accepted(offer, remember) {
          if (offer.source === 'vendor') refusedVendor.delete(machineId);
          if (offer.source !== 'user' || !remember) return undefined;
          try {
            await keychain.set(account(machineId), offer.password);
            return undefined;
          } catch (error) {
            const why = error instanceof VantageError ? error.message : String(error);
            return `Connected, but the password was not saved: ${why}`;
          }
        },
        async refused(source: PasswordSource) {
          if (source === 'vendor') refusedVendor.add(machineId);
          else if (source === 'keychain') await keychain.delete(account(machineId));
        },
      };
    },
  };
}

export type ConsolePasswords = ReturnType<typeof consolePasswords>;
