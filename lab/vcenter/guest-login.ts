import type { VmRecord } from './data';
import type { VapiError } from './errors';
import { vapiError } from './errors';
import { GUEST_ADMIN, GUEST_USER } from './guest-programs';
import { isRecord } from './values';

/** The guest login every guest operation starts with (credentials in the body of each call). */

/** Demo guest passwords, the same in every guest (printed by describe()). */
export const GUEST_PASSWORDS = { user: 'Guest-Demo-1!', admin: 'Guest-Admin-1!' } as const;

export interface Account {
  user: string;
  admin: boolean;
}

export function invalid(field: string, text: string): VapiError {
  return vapiError('INVALID_ARGUMENT', 'vapi.bindings.typeconverter.invalid.field', text, field);
}

export function requireField(body: unknown, name: string): Record<string, unknown> {
  const value = isRecord(body) ? body[name] : undefined;
  if (!isRecord(value)) throw invalid(name, `Missing or malformed required field ${name}.`);
  return value;
}

export const optionalString = (record: Record<string, unknown>, name: string): string | undefined => {
  const value = record[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(name, `Field ${name} must be a string.`);
  return value;
};

/** Checks `credentials` (VcenterVmGuestCredentials) and logs into the guest. */
export function guestLogin(vm: VmRecord, body: unknown): Account {
  const credentials = requireField(body, 'credentials');
  if (typeof credentials.interactive_session !== 'boolean')
    throw invalid(
      'credentials.interactive_session',
      'Missing required field credentials.interactive_session.',
    );
  const type = credentials.type;
  if (type !== 'USERNAME_PASSWORD' && type !== 'SAML_BEARER_TOKEN')
    throw invalid('credentials.type', `Invalid credentials.type: ${String(type)}.`);
  const user = optionalString(credentials, 'user_name') ?? '';
  const password = optionalString(credentials, 'password');
  const admin = GUEST_ADMIN[vm.os.family];
  const windows = vm.os.family === 'WINDOWS';
  const same = (a: string, b: string): boolean => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
  // No guest has a SAML alias configured, so tokens never map to an account.
  if (type === 'USERNAME_PASSWORD') {
    if (same(user, GUEST_USER) && password === GUEST_PASSWORDS.user)
      return { user: GUEST_USER, admin: false };
    if (same(user, admin) && password === GUEST_PASSWORDS.admin) return { user: admin, admin: true };
  }
  throw vapiError(
    'UNAUTHENTICATED',
    'com.vmware.api.vcenter.vm.guest.invalid_login',
    'Failed to authenticate with the guest operating system using the supplied credentials.',
  );
}
