import * as z from 'zod';

import { request } from '../ipc';

/*
 * IBM Cloud Backup and Recovery administration (seed 004, issue 15 part B): policies, source registrations,
 * data-source connections, connectors and agent upgrades. Ids beyond 2^53 travel as decimal strings end to end.
 */

const profileId = z.uuid();
/** Policy ids: `clusterId:incarnationId:n`. */
const policyId = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[\w:.-]+$/, 'A policy id.');
/** Registrations, connections, connectors and agents: int64 ids, kept as their decimal digits. */
const int64Id = z.string().regex(/^\d{1,20}$/, 'An id of up to 20 digits.');
const name = z.string().trim().min(1, 'A name is required.').max(200);

export const SCHEDULE_UNITS = ['Minutes', 'Hours', 'Days', 'Weeks', 'Months', 'Years'] as const;
export const RETENTION_UNITS = ['Days', 'Weeks', 'Months', 'Years'] as const;
export const WEEK_DAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
export const HOST_TYPES = ['kLinux', 'kWindows'] as const;
export type ScheduleUnit = (typeof SCHEDULE_UNITS)[number];
export type WeekDay = (typeof WEEK_DAYS)[number];

/** How often a backup runs: a frequency for minutes, hours and days; days of the week; a day of the month. */
export const PolicyScheduleSchema = z
  .object({
    unit: z.enum(SCHEDULE_UNITS),
    frequency: z.int().min(1).max(1000).optional(),
    daysOfWeek: z.array(z.enum(WEEK_DAYS)).max(7).optional(),
    dayOfMonth: z.int().min(1).max(31).optional(),
    dayOfYear: z.enum(['First', 'Last']).optional(),
  })
  .strict();
export type PolicySchedule = z.infer<typeof PolicyScheduleSchema>;

/** Which field a schedule's unit needs, in the words the form shows; undefined when it is complete. */
export function scheduleProblem(schedule: PolicySchedule): { field: string; message: string } | undefined {
  const { unit } = schedule;
  if ((unit === 'Minutes' || unit === 'Hours' || unit === 'Days') && schedule.frequency === undefined)
    return { field: 'frequency', message: `Every how many ${unit.toLowerCase()}?` };
  if (unit === 'Weeks' && !schedule.daysOfWeek?.length)
    return { field: 'daysOfWeek', message: 'Choose at least one day of the week.' };
  if (unit === 'Months' && schedule.dayOfMonth === undefined)
    return { field: 'dayOfMonth', message: 'Choose the day of the month.' };
  if (unit === 'Years' && schedule.dayOfYear === undefined)
    return { field: 'dayOfYear', message: 'Choose the first or the last day of the year.' };
  return undefined;
}

/** What a policy holds that Vantage edits; fields it does not show are kept as they are on update. */
export const PolicySettingsSchema = z
  .object({
    name,
    description: z.string().max(1000).optional(),
    schedule: PolicyScheduleSchema,
    /** Days of a weekly full backup beside the incremental schedule; empty: no full schedule. */
    fullBackupDays: z.array(z.enum(WEEK_DAYS)).max(7),
    retention: z.object({ unit: z.enum(RETENTION_UNITS), duration: z.int().min(1).max(100_000) }).strict(),
    retries: z.int().min(0).max(100),
    retryIntervalMins: z.int().min(1).max(10_000),
  })
  .strict()
  .superRefine((settings, ctx) => {
    const problem = scheduleProblem(settings.schedule);
    if (problem)
      ctx.addIssue({ code: 'custom', path: ['schedule', problem.field], message: problem.message });
  });
export type PolicySettings = z.infer<typeof PolicySettingsSchema>;

export interface PolicyView {
  id: string;
  settings: PolicySettings;
  version?: number;
  lastModificationTimeUsecs?: number;
  /** With the list only (the service's `includeStats`). */
  protectionGroups?: number;
  protectedObjects?: number;
}

export interface RegistrationView {
  id: string;
  name: string;
  environment: string;
  endpoint?: string;
  hostType?: string;
  /** `authenticationStatus`: Pending, RefreshInProgress, Finished… */
  status: string;
  registeredAt?: string;
  lastRefreshedAt?: string;
  /** The data-source connection (int64, exact). */
  connectionId?: string;
}

/** A data-source connection as the page sees it: its registration token is never part of it. */
export interface ConnectionView {
  id: string;
  name: string;
  envType?: string;
  connectorIds: string[];
}

export interface ConnectorView {
  id: string;
  name: string;
  connectionId?: string;
  connected: boolean;
  lastConnectedAt?: string;
  message?: string;
  softwareVersion?: string;
  clusterSideIp?: string;
  tenantSideIp?: string;
  upgradeStatus?: string;
  upgradeMessage?: string;
}

export interface ConnectorsListing {
  connectors: ConnectorView[];
  /** The connector images offered for download (`/data-source-connectors/metadata`). */
  images: { imageType: string; url: string }[];
}

/** A registration token: shown once, never kept by main. */
export interface RegistrationToken {
  token: string;
  /** From the token's own `exp` claim, when it has one. */
  expiresAt?: string;
}

export interface UpgradeAgentView {
  id: string;
  name: string;
  status: string;
  previousVersion?: string;
  error?: string;
}

export interface UpgradeTaskView {
  id: string;
  name: string;
  status: string;
  type?: string;
  clusterVersion?: string;
  scheduledAt?: string;
  startedAt?: string;
  endedAt?: string;
  agents: UpgradeAgentView[];
  /** Agents whose upgrade has ended (succeeded or failed), for the progress bar. */
  finished: number;
  error?: string;
}

const registrationFields = {
  profileId,
  name: name.optional(),
  endpoint: z
    .string()
    .trim()
    .min(1, 'A host name or address is required.')
    .max(255)
    .regex(/^[\w.:-]+$/, 'A host name or an IP address.'),
  hostType: z.enum(HOST_TYPES),
  connectionId: int64Id,
};

export const protectionAdminRequests = {
  'protectionAdmin.listPolicies': request<PolicyView[]>()(
    z.object({ profileId }).strict(),
    'The protection policies of an IBM profile, with how many groups use each.',
  ),
  'protectionAdmin.getPolicy': request<PolicyView>()(
    z.object({ profileId, id: policyId }).strict(),
    'One protection policy.',
  ),
  'protectionAdmin.createPolicy': request<PolicyView>()(
    z.object({ profileId, settings: PolicySettingsSchema }).strict(),
    'Creates a protection policy (a task with an audit entry).',
  ),
  'protectionAdmin.updatePolicy': request<PolicyView>()(
    z
      .object({
        profileId,
        id: policyId,
        settings: PolicySettingsSchema,
        /** The version the user edited: a policy changed since then is refused as stale, not overwritten. */
        lastModificationTimeUsecs: z.int().nonnegative().optional(),
      })
      .strict(),
    'Replaces the settings of a policy, keeping the fields Vantage does not edit (a task).',
  ),
  'protectionAdmin.deletePolicy': request<null>()(
    z.object({ profileId, id: policyId }).strict(),
    'Deletes a policy; one still in use is refused, naming the groups that use it (a task).',
  ),

  'protectionAdmin.listRegistrations': request<RegistrationView[]>()(
    z.object({ profileId }).strict(),
    'Registered sources with their status and last refresh.',
  ),
  'protectionAdmin.registerSource': request<RegistrationView>()(
    z.object(registrationFields).strict(),
    'Registers a physical host through a data-source connection (a task).',
  ),
  'protectionAdmin.updateRegistration': request<RegistrationView>()(
    z.object({ ...registrationFields, id: int64Id }).strict(),
    'Replaces a registration (PUT), its int64 connection ids sent back exactly (a task).',
  ),
  'protectionAdmin.patchRegistration': request<RegistrationView>()(
    z.object({ profileId, id: int64Id }).strict(),
    'Re-asserts a registration’s environment with PATCH, the only field the service patches (a task).',
  ),
  'protectionAdmin.refreshSource': request<null>()(
    z.object({ profileId, id: int64Id }).strict(),
    'Asks the service to refresh a registered source (a task).',
  ),
  'protectionAdmin.unregisterSource': request<null>()(
    z.object({ profileId, id: int64Id }).strict(),
    'Unregisters a source (a task).',
  ),

  'protectionAdmin.listConnections': request<ConnectionView[]>()(
    z.object({ profileId }).strict(),
    'Data-source connections (without their registration tokens).',
  ),
  'protectionAdmin.createConnection': request<ConnectionView>()(
    z.object({ profileId, name }).strict(),
    'Creates a data-source connection (a task).',
  ),
  'protectionAdmin.renameConnection': request<ConnectionView>()(
    z.object({ profileId, id: int64Id, name }).strict(),
    'Renames a data-source connection (a task).',
  ),
  'protectionAdmin.deleteConnection': request<null>()(
    z.object({ profileId, id: int64Id }).strict(),
    'Deletes a data-source connection (a task).',
  ),
  'protectionAdmin.registrationToken': request<RegistrationToken>()(
    z.object({ profileId, id: int64Id }).strict(),
    'Generates a registration token for a connection: shown once, never logged or audited (a task).',
  ),

  'protectionAdmin.listConnectors': request<ConnectorsListing>()(
    z.object({ profileId }).strict(),
    'Connectors with their status, and the connector images offered.',
  ),
  'protectionAdmin.renameConnector': request<ConnectorView>()(
    z.object({ profileId, id: int64Id, name }).strict(),
    'Renames a connector (a task).',
  ),
  'protectionAdmin.deleteConnector': request<null>()(
    z.object({ profileId, id: int64Id }).strict(),
    'Deletes a connector (a task).',
  ),

  'protectionAdmin.listUpgradeTasks': request<UpgradeTaskView[]>()(
    z.object({ profileId }).strict(),
    'Agent upgrade tasks with their progress.',
  ),
  'protectionAdmin.createUpgradeTask': request<UpgradeTaskView>()(
    z
      .object({
        profileId,
        agentIds: z.array(int64Id).min(1, 'Choose at least one agent.').max(1000),
        /** When it starts; now when absent. */
        scheduleAt: z.iso.datetime({ offset: true }).optional(),
        name: name.optional(),
      })
      .strict(),
    'Creates an agent upgrade task for chosen agents at a chosen time (a task).',
  ),
} as const;
