import { VantageError } from '../../../common/errors';
import type { GuestCredentials } from '../../connectors/guest';
import type { Keychain } from '../keychain';

/** Guest credentials in the OS keychain: per machine, or a profile's default; never sent to the window. */

const machineAccount = (machineId: string): string => `guest:${machineId}`;
const profileAccount = (profileId: string): string => `guest-default:${profileId}`;

function parse(text: string | undefined): GuestCredentials | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<GuestCredentials>;
    return typeof value.user === 'string' && typeof value.password === 'string'
      ? { user: value.user, password: value.password }
      : undefined;
  } catch {
    return undefined;
  }
}

export function createGuestCredentials(keychain: Keychain) {
  return {
    async save(
      scope: { machineId: string } | { profileId: string },
      who: GuestCredentials | null,
    ): Promise<void> {
      const account =
        'machineId' in scope ? machineAccount(scope.machineId) : profileAccount(scope.profileId);
      if (who) await keychain.set(account, JSON.stringify(who));
      else await keychain.delete(account);
    },
    async saved(machineId: string, profileId: string): Promise<{ machine: boolean; profile: boolean }> {
      const has = async (account: string) =>
        parse(await keychain.get(account).catch(() => undefined)) !== undefined;
      return { machine: await has(machineAccount(machineId)), profile: await has(profileAccount(profileId)) };
    },
    /** The machine's own, else its profile's default; a clear refusal when neither is saved. */
    async resolve(machineId: string, profileId: string, machineName: string): Promise<GuestCredentials> {
      const found =
        parse(await keychain.get(machineAccount(machineId))) ??
        parse(await keychain.get(profileAccount(profileId)));
      if (!found)
        throw new VantageError(
          'INVALID_ARGUMENT',
          `No guest credentials are saved for ${machineName} or its connection: enter them to run in its guest.`,
        );
      return found;
    },
  };
}

export type GuestCredentialStore = ReturnType<typeof createGuestCredentials>;
