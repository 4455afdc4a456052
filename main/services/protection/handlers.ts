import type { VantageContract } from '../../../common/contract';
import type { protectionRequests } from '../../../common/contract/protection';
import type { RequestHandlers } from '../../ipc/router';
import type { Protection } from '.';

type ProtectionHandlers = Pick<RequestHandlers<VantageContract>, keyof typeof protectionRequests>;

/** The `protection.*` channels, merged into the backend's handlers. */
export function protectionHandlers(protection: Protection): ProtectionHandlers {
  return {
    'protection.groups': () => protection.groups(),
    'protection.group': (ref) => protection.group(ref),
    'protection.run': (ref) => protection.run(ref),
    'protection.sources': ({ profileId }) => protection.sources(profileId),
    'protection.runNow': (request) => protection.runNow(request),
    'protection.setPaused': (request) => protection.setPaused(request),
    'protection.runAction': (request) => protection.runAction(request),
    'protection.updateRuns': (request) => protection.updateRuns(request),
    'protection.createGroup': (input) => protection.createGroup(input),
    'protection.updateGroup': (input) => protection.updateGroup(input),
    'protection.deleteGroup': (request) => protection.deleteGroup(request),
    'protection.retentionPlan': (choice) => protection.retentionPlan(choice),
    'protection.retentionApply': (request) => protection.retentionApply(request),
  };
}
