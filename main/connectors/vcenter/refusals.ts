import { VantageError, type ErrorCode } from '../../../common/errors';
import type { HttpResponse } from '../../net/http-client';
import type { VcenterAction } from './actions';
import { vapiKind } from './api';
import { vcenterMessage, vcenterMessages } from './session';

/** How each action reads in a sentence: "cannot be <past>", "is already <state>", "not allowed to <verb>". */
const WORDS: Readonly<Record<VcenterAction, { past: string; already?: string; verb: string }>> = {
  start: { past: 'powered on', already: 'powered on', verb: 'power on' },
  stop: { past: 'powered off', already: 'powered off', verb: 'power off' },
  suspend: { past: 'suspended', already: 'suspended', verb: 'suspend' },
  reset: { past: 'reset', verb: 'reset' },
  shutdown: { past: 'shut down', already: 'powered off', verb: 'shut down' },
  reboot: { past: 'restarted', verb: 'restart' },
};

/** What to do instead when VMware Tools are not there to take a guest action. */
const WITHOUT_TOOLS: Partial<Record<VcenterAction, string>> = { shutdown: 'Power off', reboot: 'Reset' };

/** "(Powered off)" in vCenter's `vmsg.InvalidPowerState.summary`, to say the state in the sentence. */
const CURRENT_STATE = /current state \(([^)]+)\)/;

/** The state vCenter names in any of its messages, e.g. "Powered off". */
function stateIn(response: HttpResponse): string | undefined {
  for (const m of vcenterMessages(response)) {
    const state = CURRENT_STATE.exec(m.default_message ?? '')?.[1];
    if (state) return state;
  }
  return undefined;
}

/**
 * A refused power action as a sentence for an administrator, the vendor's answer kept in `details`. Kinds from the
 * vcenter.vm.Power and vcenter.vm.guest.Power docstrings; anything else falls back to the generic wording.
 */
export function powerRefusal(name: string, action: VcenterAction, response: HttpResponse): VantageError {
  const words = WORDS[action];
  const said = vcenterMessage(response);
  const quoted = said ? ` vCenter says: “${said}”` : '';
  const fail = (code: ErrorCode, message: string): VantageError =>
    new VantageError(code, message, {
      status: response.status,
      body: response.body ?? response.text.slice(0, 500),
    });
  switch (vapiKind(response)) {
    case 'ALREADY_IN_DESIRED_STATE':
      return fail('CONFLICT', `${name} is already ${words.already ?? words.past}.`);
    case 'NOT_ALLOWED_IN_CURRENT_STATE': {
      const state = stateIn(response);
      return state
        ? fail('CONFLICT', `${name} cannot be ${words.past} while it is ${state.toLowerCase()}.`)
        : fail('CONFLICT', `${name} cannot be ${words.past} in its current state.${quoted}`);
    }
    case 'RESOURCE_BUSY':
      return fail('CONFLICT', `${name} is busy with another operation: try again once it has finished.`);
    case 'RESOURCE_IN_USE':
      return fail('CONFLICT', `${name} cannot be ${words.past}: its files are in use.${quoted}`);
    case 'UNSUPPORTED':
      return fail('UNSUPPORTED', `${name} cannot be ${words.past}: vCenter does not support it.${quoted}`);
    case 'SERVICE_UNAVAILABLE': {
      const instead = WITHOUT_TOOLS[action];
      return instead
        ? fail(
            'CONFLICT',
            `VMware Tools are not running in ${name}, so its guest cannot be ${words.past}. ` +
              `Wait for the Tools to start, or use ${instead}.`,
          )
        : fail('UPSTREAM', `vCenter is unavailable for the moment: try again shortly.${quoted}`);
    }
    case 'UNAUTHORIZED':
      return fail(
        'PERMISSION_DENIED',
        `This vCenter account is not allowed to ${words.verb} ${name}: it lacks the privilege (read-only account?).`,
      );
    case 'RESOURCE_INACCESSIBLE':
      return fail(
        'UPSTREAM',
        `${name} cannot be ${words.past}: vCenter cannot read its configuration (is its datastore available?).`,
      );
    case 'UNABLE_TO_ALLOCATE_RESOURCE':
      return fail(
        'CONFLICT',
        `${name} cannot be ${words.past}: there are not enough resources for it.${quoted}`,
      );
    case 'NOT_FOUND':
      return fail('NOT_FOUND', `${name} no longer exists in vCenter (deleted or unregistered?).`);
    default:
      return fail(
        response.status === 401 ? 'AUTH_FAILED' : 'UPSTREAM',
        `vCenter refused to ${words.verb} ${name} (HTTP ${response.status}).${quoted}`,
      );
  }
}
