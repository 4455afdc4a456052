import { setTimeout as sleep } from 'node:timers/promises';

import type { LabResponse } from '../core/types';
import { djangoPermissionDenied, invalidInput, notFound, taskNotFound } from './errors';
import { isAdminIn, type Call, type Mount, type View } from './http';
import { boolParam, text } from './params';
import { json, pendingEnvelope, TASK_HTTP_STATUS, taskEnvelope } from './responses';
import { isDummyTaskId, parseTaskId } from './task-ids';
import { TASK_STATES, type LogFilter, type TaskState } from './task-log';
import type { Task } from './tasks';

/** Object types the task log filter knows (`TASK_LOG_MODELS`); this simulator only logs VMs. */
const OBJECT_TYPES = [
  'dc',
  'vm',
  'node',
  'nodestorage',
  'subnet',
  'image',
  'vmtemplate',
  'iso',
  'domain',
  'user',
  'role',
];

/**
 * IsUserTask / IsTaskCreator (`api/task/permissions.py`): the id must be well formed and name a DC; admins of
 * that DC pass, others only for their own tasks (as creator, or as owner unless `creatorOnly`).
 */
function checkTaskPermission(call: Call, creatorOnly = false): void {
  const taskId = call.req.params.task ?? '';
  const prefix = parseTaskId(taskId);
  const dc = prefix && call.state.dcsById.get(prefix.dcId);
  if (!prefix || !dc) throw djangoPermissionDenied();
  if (isAdminIn(call.user, dc)) return;
  if (prefix.userId !== call.user.id && (creatorOnly || prefix.ownerId !== call.user.id))
    throw djangoPermissionDenied();
}

/** `get_user_tasks`: pending tasks in the request's DC; admins see everybody's. */
function userTasks(call: Call): Task[] {
  return call.state.tasks
    .pending()
    .filter(
      (t) =>
        t.spec.prefix.dcId === call.dc.id &&
        (call.isAdmin || t.spec.prefix.userId === call.user.id || t.spec.vm.owner === call.user),
    );
}

/** A real (not dummy) task the lab still remembers. */
function knownTask(call: Call): Task | undefined {
  const taskId = call.req.params.task ?? '';
  return isDummyTaskId(taskId) ? undefined : call.state.tasks.get(taskId);
}

/**
 * Celery knows no "unknown task": a well-formed id it has no result for reads PENDING for ever (201), so only
 * dummy ids get the 404 (`api/task/views.py` checks for those alone).
 */
function taskOrPending(call: Call): Task | { id: string; state: 'PENDING' } {
  const taskId = call.req.params.task ?? '';
  if (isDummyTaskId(taskId)) throw taskNotFound();
  return knownTask(call) ?? { id: taskId, state: 'PENDING' };
}

const taskStatus: View = (call) => {
  checkTaskPermission(call);
  const task = taskOrPending(call);
  return 'spec' in task ? taskEnvelope(task) : pendingEnvelope(task.id);
};

const taskDone: View = (call) => {
  checkTaskPermission(call);
  const task = taskOrPending(call);
  return json(TASK_HTTP_STATUS[task.state], { task_id: task.id, done: task.state === 'SUCCESS' });
};

const taskCancel: View = async (call) => {
  checkTaskPermission(call, true);
  const task = userTasks(call).find((t) => t.id === call.req.params.task);
  if (!task) return json(406, { detail: 'Task cannot be canceled' });
  call.state.tasks.revoke(task);
  // The view waits a second for the queue to record the revocation.
  await sleep(call.state.ctx.clock.scaled(1000));
  return taskEnvelope(task);
};

/** GET /task/<id>/ shows a pending task's apiview; DELETE (SuperAdmin) needs `force`. */
const taskDetails: View = (call) => {
  if (call.req.method === 'DELETE' && !call.user.superAdmin) throw djangoPermissionDenied();
  checkTaskPermission(call);
  const task = userTasks(call).find((t) => t.id === call.req.params.task);
  if (!task) return json(404, { detail: 'Task does not exist' });
  if (call.req.method === 'GET') return json(200, { ...task.spec.apiview, task_id: task.id });
  if (!boolParam(call.data, 'force', false))
    return json(406, { detail: 'Safe task deletion is not implemented' });
  call.state.tasks.revoke(task);
  return json(200, 'Delete pending');
};

/** `TaskLogFilterSerializer`: field errors come back as a 400 with the errors as the body. */
type FilterErrors = { errors: Record<string, string[]> };

function logFilter(call: Call): LogFilter | FilterErrors {
  const { data } = call;
  const errors: Record<string, string[]> = {};
  const field = (name: string): string => text(data[name]);
  const choice = (name: string, choices: readonly string[]): void => {
    if (field(name) && !choices.includes(field(name)))
      errors[name] = [`Select a valid choice. ${field(name)} is not one of the available choices.`];
  };
  choice('status', TASK_STATES);
  choice('object_type', OBJECT_TYPES);
  const date = (name: string): number | undefined => {
    if (!field(name)) return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(field(name))
      ? Date.parse(`${field(name)}T00:00:00Z`)
      : Number.NaN;
    if (Number.isNaN(parsed))
      errors[name] = ['Date has wrong format. Use one of these formats instead: YYYY[-MM[-DD]]'];
    return parsed;
  };
  const from = date('date_from');
  const to = date('date_to');
  if (field('object_name') && !field('object_type'))
    errors.object_type = ['object_type attribute is required when filtering by object_name.'];
  if (Object.keys(errors).length) return { errors };
  const order = field('order_by') || '-time';
  if (!/^[-+]?time$/.test(order)) throw invalidInput('Invalid order_by; Possible sort fields are: time');
  const otherType = field('object_type') !== '' && field('object_type') !== 'vm';
  return {
    ...(field('status') ? { status: field('status') as TaskState } : {}),
    ...(field('object_name') ? { objectName: field('object_name') } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    // Only VMs are logged here: another object type, or show_running without running tasks, selects nothing.
    ...(otherType || boolParam(data, 'show_running', false)
      ? { taskIds: new Set(otherType ? [] : userTasks(call).map((t) => t.id)) }
      : {}),
    hideAuto: boolParam(data, 'hide_auto', false),
    ascending: !order.startsWith('-'),
  };
}

/** The paginator's absolute next/previous links (`get_next_link`; the previous of page 2 is null). */
function pageLink(call: Call, page: number): string {
  const query = new URLSearchParams(call.req.query);
  query.set('page', String(page));
  return `https://${String(call.req.headers.host ?? 'localhost')}${call.req.path}?${query.toString()}`;
}

const taskLog: View = (call) => {
  const viewer = { userId: call.user.id, isAdmin: call.isAdmin };
  if (!call.data.page) return json(200, call.state.log.lastLines(call.dc.id, viewer));
  const filter = logFilter(call);
  if ('errors' in filter) return json(400, filter.errors);
  const page = Number(call.data.page);
  const found = Number.isInteger(page) ? call.state.log.page(call.dc.id, viewer, filter, page) : undefined;
  if (!found) throw notFound('Invalid page.');
  return json(200, {
    count: found.count,
    next: found.hasNext ? pageLink(call, page + 1) : null,
    previous: page > 2 ? pageLink(call, page - 1) : null,
    results: found.results,
  });
};

const taskLogStats: View = (call): LabResponse => {
  if (!call.isAdmin) throw djangoPermissionDenied();
  const raw = call.data.last === undefined ? '86400' : text(call.data.last);
  const last = /^\s*[-+]?\d+\s*$/.test(raw) ? Number.parseInt(raw, 10) : Number.NaN;
  if (!Number.isSafeInteger(last)) throw invalidInput('Invalid "last" parameter');
  const now = call.state.ctx.clock.now();
  const counts = call.state.log.stats(call.dc.id, { userId: call.user.id, isAdmin: true }, now - last * 1000);
  return json(200, { ...counts, _last: last });
};

export function taskRoutes(mount: Mount): void {
  const prefixed = { dcPrefix: true };
  mount.api(
    '/api/task/',
    {
      GET: (call) =>
        json(
          200,
          userTasks(call).map((t) => t.id),
        ),
    },
    prefixed,
  );
  mount.api('/api/task/log/', { GET: taskLog }, prefixed);
  mount.api('/api/task/log/stats/', { GET: taskLogStats }, prefixed);
  mount.api('/api/task/:task/', { GET: taskDetails, DELETE: taskDetails }, prefixed);
  mount.api('/api/task/:task/status/', { GET: taskStatus }, prefixed);
  mount.api('/api/task/:task/state/', { GET: taskStatus }, prefixed);
  mount.api('/api/task/:task/done/', { GET: taskDone }, prefixed);
  mount.api('/api/task/:task/cancel/', { PUT: taskCancel }, prefixed);
}
