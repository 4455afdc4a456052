import type { LabResponse } from '../core/types';
import type { Dc, User, Vm } from './model';
import type { DanubeState } from './state';
import type { TaskState } from './task-log';
import type { Task } from './tasks';

/**
 * HTTP status from the task state (`api/task/utils.py` TASK_STATE): the envelope's `status` drives the code.
 * RETRY (205) is unused and never produced here.
 */
export const TASK_HTTP_STATUS: Readonly<Record<TaskState, number>> = {
  PENDING: 201,
  SUCCESS: 200,
  FAILURE: 400,
  REVOKED: 410,
};

export interface Caller {
  state: DanubeState;
  user: User;
  dc: Dc;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): LabResponse {
  const answer: LabResponse = { status, body, headers };
  if (status >= 400) answer.reason = typeof body === 'string' ? body : JSON.stringify(body).slice(0, 300);
  return answer;
}

/** `{"status", "result", "task_id"}`, the key order of the documented examples. */
function envelope(
  taskId: string,
  state: TaskState,
  result: unknown,
  status: number,
  extra = {},
): LabResponse {
  return json(status, { status: state, result, task_id: taskId }, { es_task_id: taskId, ...extra });
}

/**
 * SuccessTaskResponse / FailureTaskResponse: a synchronous answer in the task envelope, with a dummy task id
 * (owner: the VM's owner, else the caller; group: DC-bound unless said otherwise).
 */
export function dummyEnvelope(
  caller: Caller,
  state: 'SUCCESS' | 'FAILURE',
  result: unknown,
  options: { vm?: Vm; status?: number; dcBound?: boolean } = {},
): LabResponse {
  const taskId = caller.state.tasks.newId({
    userId: caller.user.id,
    type: 'd',
    ownerId: options.vm?.owner.id ?? caller.user.id,
    group: options.dcBound === false ? 'u' : 'd',
    dcId: caller.dc.id,
  });
  return envelope(taskId, state, result, options.status ?? TASK_HTTP_STATUS[state]);
}

export const success = (
  caller: Caller,
  result: unknown,
  options?: { vm?: Vm; status?: number },
): LabResponse => dummyEnvelope(caller, 'SUCCESS', result, options);

/** A serializer's field errors or a task error message, answered 400 FAILURE in the envelope. */
export const failure = (caller: Caller, result: unknown, vm?: Vm): LabResponse =>
  dummyEnvelope(caller, 'FAILURE', result, vm ? { vm } : {});

/** TaskResponse / TaskStatusResponse: the task's state, its result hidden while pending. */
/** What celery says of a task id it has no result for. */
export const pendingEnvelope = (taskId: string): LabResponse =>
  envelope(taskId, 'PENDING', null, TASK_HTTP_STATUS.PENDING, { es_task_response: 'true' });

export function taskEnvelope(task: Task): LabResponse {
  const result = task.state === 'PENDING' ? null : task.result;
  return envelope(task.id, task.state, result, TASK_HTTP_STATUS[task.state], { es_task_response: 'true' });
}
