import * as z from 'zod';

import { VENDOR_IDS, type VendorId } from './vendors';

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
const PEM = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/;

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash
      );
    } catch {
      return false;
    }
  }, 'must be an http(s) address without credentials, e.g. https://vcenter.example.com');

const text = (max: number) => z.string().trim().max(max);

/**
 * C0/C1 controls (NUL included), bidi embeddings/overrides/isolates and unpaired surrogates: invisible or
 * reordering characters that let one name pass for another in lists, logs and the audit record.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;
// `\p{Cs}` under the `u` flag matches only surrogates that are not part of a pair, i.e. lone ones.

/** A single-line label a person reads (a name, a user name): no control, bidi-override or lone-surrogate character. */
const label = (max: number, what: string) =>
  text(max).refine(
    (value) => !UNSAFE_TEXT.test(value),
    `${what} cannot contain control characters, bidi-override characters or unpaired surrogates`,
  );

/** TLS trust as main stores it: set only by main (a pin the user confirmed, a CA picked in main's dialog). */
export const TlsSettingsSchema = z
  .object({
    caPem: z
      .string()
      .max(64 * 1024)
      .regex(PEM, 'must be a PEM certificate')
      .optional(),
    pinnedFingerprint256: z.string().regex(FINGERPRINT, 'must be a SHA-256 fingerprint (AA:BB:…)').optional(),
    pinnedCertificatePem: z
      .string()
      .max(64 * 1024)
      .regex(PEM, 'must be a PEM certificate')
      .optional(),
  })
  .strict();

/** What each vendor needs beyond an address and a user. */
export const VendorOptionsSchema = z.discriminatedUnion('vendor', [
  z
    .object({
      vendor: z.literal('vcenter'),
      /** `auto` tries `/api` (7.0U2+) then `/rest`, and remembers what answered. */
      apiFlavour: z.enum(['auto', 'api', 'rest']).default('auto'),
      detectedFlavour: z.enum(['api', 'rest']).optional(),
    })
    .strict(),
  z
    .object({
      vendor: z.literal('danube'),
      auth: z.enum(['password', 'apiKey']).default('password'),
      /** Virtual datacenter; empty means the user's default. */
      dc: text(100).optional(),
    })
    .strict(),
  z
    .object({
      vendor: z.literal('comodit'),
      auth: z.enum(['password', 'appKey']).default('password'),
      organization: text(200).optional(),
      environment: text(200).optional(),
    })
    .strict(),
  z
    .object({
      vendor: z.literal('unitrends'),
      /** System id of the appliance to work on (1 is the local appliance). */
      sid: z.number().int().min(0).max(1_000_000).optional(),
    })
    .strict(),
  z
    .object({
      vendor: z.literal('ibm-br'),
      region: text(64).min(1, 'region is required, e.g. us-east'),
      instanceId: text(128).min(1, 'the service instance GUID is required'),
      tenantId: text(256).min(1, 'the tenant id is required'),
      /** IAM token endpoint; IBM Cloud's when empty. */
      iamUrl: httpUrl.optional(),
    })
    .strict(),
]);

const tag = text(40)
  .min(1)
  .regex(/^[^,\n]+$/, 'tags cannot contain commas or new lines');

/**
 * What a person edits; ids, dates, secret status and TLS trust anchors are main's. `tls` is not here on purpose: a
 * page that could send a pin or a CA could make main trust any server (a strict schema refuses the key).
 */
const ProfileFieldsSchema = z
  .object({
    name: label(100, 'a name').min(1, 'a name is required'),
    baseUrl: httpUrl,
    /** Plain `http://` sends the secret in clear: only with this explicit, visible opt-in. */
    allowInsecureHttp: z.boolean().default(false),
    username: label(256, 'a user name').optional(),
    /** Folder path, `/`-separated, e.g. `Production/EU`. */
    folder: text(200)
      .regex(/^[^/]+(\/[^/]+)*$|^$/, 'folders are names separated by "/"')
      .optional(),
    tags: z.array(tag).max(20).default([]),
    readOnly: z.boolean().default(false),
    notes: text(2000).optional(),
    options: VendorOptionsSchema,
  })
  .strict();

interface Endpoints {
  baseUrl: string;
  allowInsecureHttp?: boolean | undefined;
  options: { vendor: string; iamUrl?: string | undefined };
}

/** Plain http is refused unless the profile opts in; also checked again before every connection (old records). */
function requireOptIn(profile: Endpoints, ctx: z.RefinementCtx): void {
  const plain = insecureWithoutOptIn(profile);
  if (plain)
    ctx.addIssue({
      code: 'custom',
      path: plain === 'baseUrl' ? ['baseUrl'] : ['options', 'iamUrl'],
      message:
        'this address is not encrypted (http://): use https://, or tick "Allow unencrypted connection" to send the secret in clear',
    });
}

/** The first address (the API's, or IBM's IAM endpoint, where the API key goes) that is plain http without opt-in. */
export function insecureWithoutOptIn(profile: Endpoints): 'baseUrl' | 'iamUrl' | undefined {
  if (profile.allowInsecureHttp) return undefined;
  if (/^http:/i.test(profile.baseUrl.trim())) return 'baseUrl';
  if (/^http:/i.test(profile.options.iamUrl?.trim() ?? '')) return 'iamUrl';
  return undefined;
}

export const ProfileInputSchema = ProfileFieldsSchema.superRefine(requireOptIn);

export type ProfileInput = z.input<typeof ProfileInputSchema>;
export type VendorOptions = z.output<typeof VendorOptionsSchema>;

export const ProfileSchema = ProfileFieldsSchema.extend({
  tls: TlsSettingsSchema.default({}),
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Where the secret lives; the secret itself never leaves main. */
  secretIn: z.enum(['keychain', 'none']).default('none'),
  /** Set when the keychain item this record counts on was found missing at start: the user must enter it again. */
  secretMissing: z.boolean().optional(),
}).strict();

export type Profile = z.output<typeof ProfileSchema>;

/** A profile as the renderer sees it: never a secret, only whether one is at hand. */
export interface ProfileView extends Profile {
  vendor: VendorId;
  /** `missing`: a secret was saved but is no longer in the keychain ("secret needed"). */
  secret: 'keychain' | 'session' | 'none' | 'missing';
}

/**
 * A profile in an export file. Files written before trust anchors became main's carry `tls`: it is read and then
 * dropped, since a pin or CA in a shared file is a trust decision the importing user never made.
 */
const ImportedProfileSchema = ProfileFieldsSchema.extend({ tls: TlsSettingsSchema.optional() })
  .superRefine(requireOptIn)
  .transform(({ tls: _dropped, ...profile }) => profile);

/** The file `profiles.export` writes and `profiles.import` reads: no secrets and no trust anchors, ever. */
export const ProfileExportSchema = z
  .object({
    format: z.literal('vantage-profiles'),
    version: z.literal(1),
    exportedAt: z.iso.datetime(),
    profiles: z.array(ImportedProfileSchema).max(1000),
  })
  .strict();

export type ProfileExport = z.output<typeof ProfileExportSchema>;

export const SECRET_LABELS: Readonly<Record<VendorId, (o: VendorOptions) => string>> = {
  vcenter: () => 'Password',
  danube: (o) => (o.vendor === 'danube' && o.auth === 'apiKey' ? 'API key' : 'Password'),
  comodit: (o) => (o.vendor === 'comodit' && o.auth === 'appKey' ? 'Application key' : 'Password'),
  unitrends: () => 'Password',
  'ibm-br': () => 'API key',
};

export function isVendorId(value: string): value is VendorId {
  return (VENDOR_IDS as readonly string[]).includes(value);
}
