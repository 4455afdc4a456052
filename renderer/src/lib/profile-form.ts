import {
  ProfileInputSchema,
  type ProfileInput,
  type ProfileView,
  type VendorOptions,
} from '../../../common/profiles';
import type { VendorId } from '../../../common/vendors';

/** The form's flat state: strings for every field, so inputs bind directly; converted on save. */
export interface ProfileDraft {
  vendor: VendorId;
  name: string;
  baseUrl: string;
  allowInsecureHttp: boolean;
  username: string;
  folder: string;
  tags: string;
  readOnly: boolean;
  notes: string;
  apiFlavour: 'auto' | 'api' | 'rest';
  auth: string;
  dc: string;
  organization: string;
  environment: string;
  sid: string;
  region: string;
  instanceId: string;
  tenantId: string;
  iamUrl: string;
  secret: string;
  keep: 'keychain' | 'session';
}

export function emptyDraft(vendor: VendorId): ProfileDraft {
  return {
    vendor,
    name: '',
    baseUrl: 'https://',
    allowInsecureHttp: false,
    username: '',
    folder: '',
    tags: '',
    readOnly: false,
    notes: '',
    apiFlavour: 'auto',
    // Password is every vendor's default way in; only Danube and ComodIT offer a key instead.
    auth: 'password',
    dc: '',
    organization: '',
    environment: '',
    sid: '',
    region: '',
    instanceId: '',
    tenantId: '',
    iamUrl: '',
    secret: '',
    keep: 'keychain',
  };
}

export function draftFrom(profile: ProfileView): ProfileDraft {
  const o = profile.options;
  return {
    ...emptyDraft(profile.vendor),
    name: profile.name,
    baseUrl: profile.baseUrl,
    allowInsecureHttp: profile.allowInsecureHttp,
    username: profile.username ?? '',
    folder: profile.folder ?? '',
    tags: profile.tags.join(', '),
    readOnly: profile.readOnly,
    notes: profile.notes ?? '',
    ...(o.vendor === 'vcenter' ? { apiFlavour: o.apiFlavour } : {}),
    ...(o.vendor === 'danube' ? { auth: o.auth, dc: o.dc ?? '' } : {}),
    ...(o.vendor === 'comodit'
      ? { auth: o.auth, organization: o.organization ?? '', environment: o.environment ?? '' }
      : {}),
    ...(o.vendor === 'unitrends' ? { sid: o.sid === undefined ? '' : String(o.sid) } : {}),
    ...(o.vendor === 'ibm-br'
      ? { region: o.region, instanceId: o.instanceId, tenantId: o.tenantId, iamUrl: o.iamUrl ?? '' }
      : {}),
  };
}

const optional = (value: string): string | undefined => (value.trim() ? value.trim() : undefined);

function optionsOf(d: ProfileDraft): VendorOptions | Record<string, unknown> {
  switch (d.vendor) {
    case 'vcenter':
      return { vendor: 'vcenter', apiFlavour: d.apiFlavour };
    case 'danube':
      return { vendor: 'danube', auth: d.auth, dc: optional(d.dc) };
    case 'comodit':
      return {
        vendor: 'comodit',
        auth: d.auth,
        organization: optional(d.organization),
        environment: optional(d.environment),
      };
    case 'unitrends':
      return { vendor: 'unitrends', sid: d.sid.trim() === '' ? undefined : Number(d.sid) };
    case 'ibm-br':
      return {
        vendor: 'ibm-br',
        region: d.region,
        instanceId: d.instanceId,
        tenantId: d.tenantId,
        iamUrl: optional(d.iamUrl),
      };
  }
}

/**
 * Checks the draft with the very schema main applies, and returns either the profile to send or the message for
 * each field at fault (keyed by the draft field name). No TLS settings: trust anchors are main's to set.
 */
export function validateDraft(
  draft: ProfileDraft,
): { ok: true; profile: ProfileInput } | { ok: false; errors: Record<string, string> } {
  const candidate = {
    name: draft.name,
    baseUrl: draft.baseUrl,
    allowInsecureHttp: draft.allowInsecureHttp,
    username: optional(draft.username),
    folder: optional(draft.folder),
    tags: draft.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    readOnly: draft.readOnly,
    notes: optional(draft.notes),
    options: optionsOf(draft),
  };
  const parsed = ProfileInputSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, profile: candidate as ProfileInput };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const [head, second] = issue.path.map(String);
    const field = head === 'options' ? (second ?? head) : (head ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
