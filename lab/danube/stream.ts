import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import type { LabResponse } from '../core/types';
import type { Call } from './http';
import { TASK_HTTP_STATUS, taskEnvelope } from './responses';
import type { Task } from './tasks';

/** API_SYNC_TIMEOUT (`core/settings.py`), in seconds. */
const SYNC_TIMEOUT_SEC = 3600;

/** The keep-alive rhythm of `task_status_loop`: 1 s at first, then 3, 6, 12 and 30 s naps. */
function nap(elapsed: number): number {
  if (elapsed > 1200) return 30;
  if (elapsed > 60) return 12;
  if (elapsed > 30) return 6;
  if (elapsed > 5) return 3;
  return 1;
}

async function* statusLoop(call: Call, task: Task, client: string, pending: string): AsyncGenerator<string> {
  for (let elapsed = 0; elapsed < SYNC_TIMEOUT_SEC;) {
    const seconds = nap(elapsed);
    await sleep(call.state.ctx.clock.scaled(seconds * 1000));
    elapsed += seconds;
    call.state.tasks.settle();
    if (task.state === 'PENDING') {
      yield ' ';
      continue;
    }
    if (client === 'es') yield `${TASK_HTTP_STATUS[task.state]}\n`;
    yield JSON.stringify(taskEnvelope(task).body);
    return;
  }
  yield pending;
}

/**
 * APISyncMiddleware: with an `ES-STREAM` header a queued task is answered 201 at once, then the body streams a
 * space per poll and finally (for `ES-STREAM: es`) the final status code on a line and the task status JSON.
 * Without the header (what a desktop client should do) the 201 PENDING envelope is the whole answer.
 */
export function taskAnswer(call: Call, task: Task): LabResponse {
  const answer = taskEnvelope(task);
  const header = call.req.headers['es-stream'];
  const client = Array.isArray(header) ? header[0] : header;
  if (!client || answer.status !== 201) return answer;
  const body = Readable.from(statusLoop(call, task, client, JSON.stringify(answer.body)));
  return {
    status: 201,
    headers: {
      ...answer.headers,
      'content-type': 'application/json',
      es_stream: 'True',
      es_task_id: task.id,
    },
    raw: body,
  };
}
