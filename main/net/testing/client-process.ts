// main's HTTP client alone in a process, driven over IPC by a test: its memory is then main's alone to measure.
// Run with `node --import tsx main/net/testing/client-process.ts <base url>`.
import { VantageError } from '../../../common/errors';
import { createHttpClient, type HttpRequest } from '../http-client';

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error('usage: client-process.ts <base url>');
const http = createHttpClient({ baseUrl, tls: {}, label: 'Hostile lab' });

process.on('message', (request: HttpRequest) => {
  void http.send(request).then(
    (response) => process.send?.({ status: response.status }),
    (error: unknown) =>
      process.send?.({
        error:
          error instanceof VantageError
            ? error.toIpc()
            : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
      }),
  );
});
process.send?.({ ready: true });
