import type { ActionSpec } from '../../../common/machines';
import type { RecoverySession } from '../../../common/sessions';

const spec = (id: string, label: string, description: string, disruptive = false): ActionSpec => ({
  id,
  label,
  description,
  disruptive,
  options: [],
});

const TEAR_DOWN = spec(
  'teardown',
  'Tear down',
  'Stops the recovered VM and removes it; the backup is kept.',
  true,
);
const FORCE_TEAR_DOWN = spec(
  'force-teardown',
  'Tear down with force',
  'It is still being built or migrated: the appliance stops that work and removes the VM. A live session that was migrating to production storage loses what it wrote.',
  true,
);
const GO_LIVE = spec(
  'live-start',
  'Go live',
  'Moves the audit session to production storage (migrating, then Instant Recovery mode) and joins the production network.',
);

const MODIFY: ActionSpec = {
  ...spec('modify', 'Change replica', 'Processors, memory and audit verification of the replica.'),
  options: [
    { id: 'processors', label: 'Processors', type: 'number', min: 1, max: 64 },
    { id: 'memory', label: 'Memory (MB)', type: 'number', min: 512, max: 1_048_576 },
    { id: 'auditVerify', label: 'Verify in audit mode after each restore', type: 'boolean' },
  ],
};

const AUDIT_START = spec(
  'audit-start',
  'Start audit',
  'Boots the replica on an isolated network to check it.',
);
const AUDIT_STOP = spec(
  'audit-stop',
  'Stop audit',
  'Shuts the audited replica down; new backups are applied again.',
  true,
);
const REPLICA_LIVE = spec('live-start', 'Go live', 'Boots the replica as the production machine.', true);
const LIVE_STOP = spec(
  'live-stop',
  'Stop live',
  'Shuts the live replica down: the production machine must be back.',
  true,
);

/** Instant-recovery sessions: go live from audit, tear down (with force while still building or migrating). */
function irActions(s: RecoverySession): ActionSpec[] {
  if (s.status === 'tearing down') return [];
  if (s.status === 'creating' || s.status === 'migrating') return [FORCE_TEAR_DOWN];
  if (s.status === 'available' && s.mode === 'Audit') return [GO_LIVE, TEAR_DOWN];
  return [TEAR_DOWN];
}

/** Replicas (virtual failover clients): the modes the core allows from each `current_state` (checkValidState). */
function replicaActions(s: RecoverySession): ActionSpec[] {
  if (s.pending) return [];
  const modes: Record<string, ActionSpec[]> = {
    idle: [AUDIT_START, REPLICA_LIVE],
    restore: [AUDIT_START, REPLICA_LIVE],
    audit: [AUDIT_STOP, REPLICA_LIVE],
    live: [LIVE_STOP],
  };
  const restores =
    s.mode === 'live' || s.mode === 'audit'
      ? []
      : [
          spec('restores-start', 'Apply new backups', 'Resumes applying each new backup to the replica.'),
          spec('restores-stop', 'Stop applying backups', 'Keeps the replica at the backup it has now.'),
        ];
  return [
    ...(modes[s.mode] ?? []),
    ...restores,
    MODIFY,
    spec('teardown', 'Delete replica', 'Deletes the replica and its VM from the hypervisor.', true),
  ];
}

/** What a session's type and state allow now (pure: no network). */
export function sessionActions(s: RecoverySession): ActionSpec[] {
  return s.type === 'wir' ? replicaActions(s) : irActions(s);
}
