import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';

/** Entities are identified by name (four-vendors.md §2.1); a machine is one host's instance. */
export interface HostRef {
  organization: string;
  environment: string;
  host: string;
}

/** `Acme Corp/Production/web-00012`: readable, and unique across the organizations one account sees. */
export const vendorIdOf = (ref: HostRef): string => `${ref.organization}/${ref.environment}/${ref.host}`;

/** Reads a vendor id back; names are URL path segments in ComodIT, so they hold no `/` themselves. */
export function hostRefOf(machine: Machine): HostRef {
  const parts = machine.vendorId.split('/');
  const [organization, environment, host] = parts;
  if (parts.length !== 3 || !organization || !environment || !host)
    throw new VantageError(
      'INVALID_ARGUMENT',
      `“${machine.vendorId}” is not a ComodIT organization/environment/host path.`,
    );
  return { organization, environment, host };
}

const segment = encodeURIComponent;

// comodit-client ends collection and entity URLs with a slash and action URLs without (four-vendors.md §2.1).
export const organizationsPath = 'api/organizations/';
export const organizationPath = (organization: string): string =>
  `${organizationsPath}${segment(organization)}/`;
export const organizationHostsPath = (organization: string): string =>
  `${organizationPath(organization)}hosts/`;
export const environmentHostsPath = (organization: string, environment: string): string =>
  `${organizationPath(organization)}environments/${segment(environment)}/hosts/`;
export const hostPath = (ref: HostRef): string =>
  `${environmentHostsPath(ref.organization, ref.environment)}${segment(ref.host)}/`;
export const instancePath = (ref: HostRef): string => `${hostPath(ref)}instance/`;
export const instanceActionPath = (ref: HostRef, action: string): string =>
  `${hostPath(ref)}instance/${action}`;
