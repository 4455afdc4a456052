import { randomUUID } from 'node:crypto';
import { chmod, copyFile } from 'node:fs/promises';
import { join } from 'node:path';

import Conf from 'conf';

import { VantageError } from '../../common/errors';
import { ProfileInputSchema, ProfileSchema, type Profile, type ProfileInput } from '../../common/profiles';
import { PRIVATE_FILE_MODE } from './private-folder';

/** The version of the profiles file's shape (not the app's): conf runs migrations when it moves on. */
export const PROFILES_SCHEMA_VERSION = '1.0.0';

interface ProfilesFile {
  profiles: Profile[];
}

/** What main alone sets on a record, written in the same save as the edit (never from the renderer). */
export type OwnedFields = Partial<Pick<Profile, 'id' | 'secretIn' | 'secretMissing' | 'tls'>>;

export interface ProfileStore {
  list(): Profile[];
  get(id: string): Profile;
  create(input: ProfileInput, owned?: OwnedFields): Profile;
  /** Keeps main's fields (TLS trust, secret status) unless `owned` says otherwise; a new address drops the pin. */
  update(id: string, input: ProfileInput, owned?: Omit<OwnedFields, 'id'>): Profile;
  /** Changes main owns (secret location, pinned certificate, detected API flavour), never from the renderer. */
  patch(id: string, change: (profile: Profile) => Profile): Profile;
  remove(id: string): Profile;
  /** Adds several profiles at once, or none. */
  addAll(inputs: readonly ProfileInput[]): Profile[];
  /** Set when the file on disk was unreadable at start: it was kept aside under this name. */
  readonly recoveredFrom?: string;
}

function openConf(dataDirectory: string): Conf<ProfilesFile> {
  // electron-store is conf plus Electron defaults; conf itself runs in plain Node, so the harness and tests use
  // exactly the storage the app does: JSON, written atomically, with versioned migrations.
  return new Conf<ProfilesFile>({
    cwd: dataDirectory,
    configName: 'profiles',
    // Also applied to an existing file on every write: a 0644 file of an older version is narrowed.
    configFileMode: PRIVATE_FILE_MODE,
    projectVersion: PROFILES_SCHEMA_VERSION,
    migrations: {},
    defaults: { profiles: [] },
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    watch: false,
  });
}

/**
 * Connection profiles on disk (`profiles.json` in the data directory). Never a secret. Works with no network and no
 * keychain; a damaged file is kept aside and reported, never silently lost.
 */
export async function openProfileStore(dataDirectory: string): Promise<ProfileStore> {
  let conf: Conf<ProfilesFile>;
  let recoveredFrom: string | undefined;
  try {
    conf = openConf(dataDirectory);
  } catch {
    recoveredFrom = `profiles.json.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const file = join(dataDirectory, 'profiles.json');
    await copyFile(file, join(dataDirectory, recoveredFrom));
    // copyFile keeps the damaged file's mode, which may be an older version's 0644.
    await chmod(join(dataDirectory, recoveredFrom), PRIVATE_FILE_MODE);
    conf = new Conf<ProfilesFile>({
      cwd: dataDirectory,
      configName: 'profiles',
      configFileMode: PRIVATE_FILE_MODE,
      clearInvalidConfig: true,
      defaults: { profiles: [] },
    });
    conf.set('profiles', []);
    conf = openConf(dataDirectory);
  }

  // conf narrows a file's mode only when it writes it: an older version's 0644 file is narrowed now.
  await chmod(conf.path, PRIVATE_FILE_MODE).catch(() => undefined);

  // Each record is checked on load: one bad record is dropped (and reported) rather than breaking the list.
  let profiles: Profile[] = [];
  for (const raw of conf.get('profiles')) {
    const parsed = ProfileSchema.safeParse(raw);
    if (parsed.success) profiles.push(parsed.data);
    else recoveredFrom ??= 'profiles.json (a damaged record was skipped)';
  }

  const save = (next: Profile[]): void => {
    conf.set('profiles', next);
    profiles = next;
  };
  const find = (id: string): Profile => {
    const profile = profiles.find((p) => p.id === id);
    if (!profile) throw new VantageError('NOT_FOUND', 'This connection profile no longer exists.', { id });
    return profile;
  };
  const fresh = (input: ProfileInput, now: string, owned: OwnedFields = {}): Profile =>
    ProfileSchema.parse({
      ...ProfileInputSchema.parse(input),
      id: randomUUID(),
      ...owned,
      createdAt: now,
      updatedAt: now,
    });

  return {
    ...(recoveredFrom ? { recoveredFrom } : {}),
    list: () => [...profiles],
    get: find,
    create(input, owned) {
      const profile = fresh(input, new Date().toISOString(), owned);
      save([...profiles, profile]);
      return profile;
    },
    update(id, input, owned = {}) {
      const current = find(id);
      const edited = ProfileInputSchema.parse(input);
      // A new address invalidates the pin learnt from the old one (the CA, chosen by the user, stays).
      const sameServer = new URL(edited.baseUrl).origin === new URL(current.baseUrl).origin;
      const next = ProfileSchema.parse({
        ...edited,
        id,
        createdAt: current.createdAt,
        updatedAt: new Date().toISOString(),
        secretIn: current.secretIn,
        secretMissing: current.secretMissing,
        tls: sameServer ? current.tls : { caPem: current.tls.caPem },
        ...owned,
      });
      save(profiles.map((p) => (p.id === id ? next : p)));
      return next;
    },
    patch(id, change) {
      const next = ProfileSchema.parse({ ...change(find(id)), updatedAt: new Date().toISOString() });
      save(profiles.map((p) => (p.id === id ? next : p)));
      return next;
    },
    remove(id) {
      const profile = find(id);
      save(profiles.filter((p) => p.id !== id));
      return profile;
    },
    addAll(inputs) {
      const now = new Date().toISOString();
      const added = inputs.map((input) => fresh(input, now));
      save([...profiles, ...added]);
      return added;
    },
  };
}
