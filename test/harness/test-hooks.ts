import * as z from 'zod';

import { contract } from '../../common/contract';
import { VantageError } from '../../common/errors';
import { request, stream, type Api } from '../../common/ipc';
import type { Backend } from '../../main/backend';
import type { TestFilePicker } from './file-picker';
import type { RequestHandlers, StreamHandlers } from '../../main/ipc/router';

/**
 * Extra channels the harness registers only with `--test-hooks`, through the very same wrapper, so that e2e tests
 * can prove the wrapper's guarantees (validation before the service, typed errors, events, streams).
 */
export const testContract = {
  requests: {
    ...contract.requests,
    'test.record': request<number>()(z.object({ value: z.number().int() }).strict(), 'Counts a call.'),
    'test.recorded': request<number[]>()(z.undefined(), 'Values that reached test.record.'),
    'test.fail': request<never>()(
      z.object({ message: z.string(), internal: z.boolean().optional() }).strict(),
      'Throws from a service.',
    ),
    'test.notify': request<null>()(
      z.object({ message: z.string(), level: z.enum(['info', 'warning', 'error']).optional() }).strict(),
      'Publishes an app.notice event.',
    ),
    'test.pickCertificateFile': request<null>()(
      z.object({ content: z.string().max(128 * 1024) }).strict(),
      "The file the user picks in main's next certificate dialog (the Electron shell shows a real one).",
    ),
  },
  events: contract.events,
  streams: {
    ...contract.streams,
    'test.echo': stream(
      z.object({ prefix: z.string().max(16) }).strict(),
      'Echoes bytes back with a prefix.',
    ),
  },
} as const;

export type TestContract = typeof testContract;
export type TestApi = Api<TestContract>;

export function testHandlers(
  backend: Backend,
  picker?: Pick<TestFilePicker, 'offer'>,
): {
  handlers: RequestHandlers<TestContract>;
  streams: StreamHandlers<TestContract>;
} {
  const recorded: number[] = [];
  return {
    handlers: {
      ...backend.handlers,
      'test.record': ({ value }) => recorded.push(value),
      'test.recorded': () => [...recorded],
      'test.fail': ({ message, internal }) => {
        if (internal) throw new Error(message);
        throw new VantageError('CONFLICT', message, { hint: 'raised on purpose' });
      },
      'test.pickCertificateFile': async ({ content }) => {
        if (!picker) throw new VantageError('UNSUPPORTED', 'No file dialog stand-in in this harness.');
        await picker.offer(content);
        return null;
      },
      'test.notify': ({ message, level }) => {
        backend.bus.publish('app.notice', { level: level ?? 'info', message });
        return null;
      },
    },
    streams: {
      ...backend.streams,
      'test.echo': ({ prefix }, endpoint) => {
        const head = new TextEncoder().encode(prefix);
        endpoint.onMessage((data) => {
          const out = new Uint8Array(head.length + data.length);
          out.set(head);
          out.set(data, head.length);
          endpoint.send(out);
        });
        return Promise.resolve();
      },
    },
  };
}
