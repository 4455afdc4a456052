import type { VantageContract } from '../../../common/contract';
import type { protectionAdminRequests } from '../../../common/contract/protection-admin';
import type { RequestHandlers } from '../../ipc/router';
import type { ProtectionAdmin } from './index';

/** The `protectionAdmin.*` channels, each a call of the service. */
export function protectionAdminHandlers(
  admin: ProtectionAdmin,
): Pick<RequestHandlers<VantageContract>, keyof typeof protectionAdminRequests> {
  return {
    'protectionAdmin.listPolicies': ({ profileId }) => admin.listPolicies(profileId),
    'protectionAdmin.getPolicy': ({ profileId, id }) => admin.getPolicy(profileId, id),
    'protectionAdmin.createPolicy': ({ profileId, settings }) => admin.createPolicy(profileId, settings),
    'protectionAdmin.updatePolicy': ({ profileId, id, settings, lastModificationTimeUsecs }) =>
      admin.updatePolicy(profileId, id, settings, lastModificationTimeUsecs),
    'protectionAdmin.deletePolicy': ({ profileId, id }) => admin.deletePolicy(profileId, id),
    'protectionAdmin.listRegistrations': ({ profileId }) => admin.listRegistrations(profileId),
    'protectionAdmin.registerSource': ({ profileId, ...fields }) => admin.registerSource(profileId, fields),
    'protectionAdmin.updateRegistration': ({ profileId, id, ...fields }) =>
      admin.updateRegistration(profileId, id, fields),
    'protectionAdmin.patchRegistration': ({ profileId, id }) => admin.patchRegistration(profileId, id),
    'protectionAdmin.refreshSource': ({ profileId, id }) => admin.refreshSource(profileId, id),
    'protectionAdmin.unregisterSource': ({ profileId, id }) => admin.unregisterSource(profileId, id),
    'protectionAdmin.listConnections': ({ profileId }) => admin.listConnections(profileId),
    'protectionAdmin.createConnection': ({ profileId, name }) => admin.createConnection(profileId, name),
    'protectionAdmin.renameConnection': ({ profileId, id, name }) =>
      admin.renameConnection(profileId, id, name),
    'protectionAdmin.deleteConnection': ({ profileId, id }) => admin.deleteConnection(profileId, id),
    'protectionAdmin.registrationToken': ({ profileId, id }) => admin.registrationToken(profileId, id),
    'protectionAdmin.listConnectors': ({ profileId }) => admin.listConnectors(profileId),
    'protectionAdmin.renameConnector': ({ profileId, id, name }) =>
      admin.renameConnector(profileId, id, name),
    'protectionAdmin.deleteConnector': ({ profileId, id }) => admin.deleteConnector(profileId, id),
    'protectionAdmin.listUpgradeTasks': ({ profileId }) => admin.listUpgradeTasks(profileId),
    'protectionAdmin.createUpgradeTask': ({ profileId, ...request }) =>
      admin.createUpgradeTask(profileId, request),
  };
}
