import * as z from 'zod';

import { VantageError } from '../../common/errors';
import {
  ProfileExportSchema,
  ProfileInputSchema,
  type Profile,
  type ProfileExport,
  type ProfileInput,
} from '../../common/profiles';

export const MAX_IMPORT_BYTES = 1024 * 1024;

/**
 * A profile without what main owns (id, dates, where its secret is, TLS trust): what a person edits, copies or
 * exports.
 */
export function editablePart(profile: Profile): z.output<typeof ProfileInputSchema> {
  const { name, baseUrl, allowInsecureHttp, username, folder, tags, readOnly, notes, options } = profile;
  return ProfileInputSchema.parse({
    name,
    baseUrl,
    allowInsecureHttp,
    username,
    folder,
    tags,
    readOnly,
    notes,
    options,
  });
}

/**
 * What leaves the app: the editable fields only. No id, no secret, no record of where a secret is kept, no pin or
 * CA (the receiver confirms their own).
 */
export function exportProfiles(profiles: readonly Profile[]): ProfileExport {
  return {
    format: 'vantage-profiles',
    version: 1,
    exportedAt: new Date().toISOString(),
    profiles: profiles.map(editablePart),
  };
}

function refuse(reason: string, details?: unknown): never {
  throw new VantageError(
    'INVALID_ARGUMENT',
    `This file cannot be imported: ${reason}. Nothing was changed.`,
    details,
  );
}

/** Reads an export; refuses anything malformed, oversized or unexpected, and says what and where. */
export function parseImport(text: string): ProfileInput[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES)
    refuse(`it is larger than ${MAX_IMPORT_BYTES / 1024} KiB`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    refuse(`it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== 'vantage-profiles')
    refuse('it is not a Vantage profiles export (no "format": "vantage-profiles")');
  const parsed = ProfileExportSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.map(String).join('.') : '';
    refuse(
      `${where ? `${where}: ` : ''}${first?.message ?? 'unexpected content'}`,
      z.treeifyError(parsed.error),
    );
  }
  return parsed.data.profiles;
}
