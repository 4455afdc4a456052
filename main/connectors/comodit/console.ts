import { VantageError } from '../../../common/errors';
import type { HttpClient } from '../../net/http-client';
import { expectOk } from '../auth';
import { parsePort } from '../console-port';
import type { Connector } from '../types';
import { comoditMessage, rawAnswer, saidSuffix } from './errors';
import { hostRefOf, instanceActionPath } from './paths';

/** `GET .../instance/vnc` (four-vendors.md §2.6, fixture instance_vnc_get.json): the port is a string. */
interface VncAnswer {
  hostname?: unknown;
  port?: unknown;
  token?: unknown;
}

/**
 * A host instance's console: a direct RFB connection to the hypervisor's `hostname:port`, as comodit-client's
 * `hosts vnc` runs a viewer on `%h:%p`. What the `token` is for is not documented (the CLI ignores it); Vantage
 * offers it as the VNC password when the server asks for one, and asks the user if the server refuses it (see
 * README.md). It stays in main.
 */
export function createComoditConsole(http: HttpClient, label: string): Required<Pick<Connector, 'console'>> {
  return {
    async console(machine) {
      const response = await http.send({
        method: 'GET',
        path: instanceActionPath(hostRefOf(machine), 'vnc'),
      });
      if (response.status === 409)
        throw new VantageError(
          'CONFLICT',
          `${machine.name} has no console right now${saidSuffix(response)}.`,
          rawAnswer(response),
        );
      const body = expectOk(response, label, comoditMessage).body as VncAnswer | undefined;
      const port = parsePort(body?.port);
      const host = typeof body?.hostname === 'string' ? body.hostname.trim() : '';
      if (!host || port === undefined)
        throw new VantageError(
          'UPSTREAM',
          `${label} answered the console request of ${machine.name} without a usable host and port.`,
          { hostname: body?.hostname, port: body?.port },
        );
      const token = typeof body?.token === 'string' && body.token ? body.token : undefined;
      return { kind: 'vnc', host, port, ...(token ? { password: token } : {}) };
    },
  };
}
