import type { InstanceView } from '../../../common/contract/instances';
import { VantageError } from '../../../common/errors';
import type { HttpClient } from '../../net/http-client';
import { expectOk } from '../auth';
import type { InstanceOperations } from '../instances';
import type { Connector } from '../types';
import { comoditMessage, rawAnswer, saidSuffix } from './errors';
import { hostRefOf, instanceActionPath, instancePath } from './paths';
import type { ComoditInstance } from './records';

const viewOf = (instance: ComoditInstance): InstanceView => ({
  state: instance.state,
  ...(instance.synapseState ? { agent: instance.synapseState } : {}),
  properties: (instance.properties ?? []).map(({ key, value }) => ({
    key: String(key),
    value: String(value),
  })),
});

/**
 * Instance records (seed 001). The VNC access shown is the console's endpoint without its token: the token works
 * as the VNC password (console.ts) and stays in main.
 */
export function createComoditInstances(
  http: HttpClient,
  label: string,
  console: Required<Connector>['console'],
): InstanceOperations {
  return {
    async read(machine) {
      const response = await http.send({ method: 'GET', path: instancePath(hostRefOf(machine)) });
      if (response.status === 404)
        throw new VantageError(
          'NOT_FOUND',
          `${machine.name} has no instance${saidSuffix(response)}.`,
          rawAnswer(response),
        );
      const view = viewOf(expectOk(response, label, comoditMessage).body as ComoditInstance);
      try {
        const endpoint = await console(machine);
        if (endpoint.kind === 'vnc') return { ...view, vnc: { host: endpoint.host, port: endpoint.port } };
        return view;
      } catch (error) {
        return { ...view, vncNote: error instanceof Error ? error.message : String(error) };
      }
    },

    async createRecord(target, properties) {
      const response = await http.send({
        method: 'POST',
        path: instanceActionPath(target, 'properties'),
        json: properties,
      });
      if (response.status === 409)
        throw new VantageError(
          'CONFLICT',
          `${target.host} already has an instance${saidSuffix(response)}.`,
          rawAnswer(response),
        );
      if (response.status === 404)
        throw new VantageError(
          'NOT_FOUND',
          `${label} has no host ${target.organization}/${target.environment}/${target.host}${saidSuffix(response)}.`,
          rawAnswer(response),
        );
      return viewOf(expectOk(response, label, comoditMessage).body as ComoditInstance);
    },
  };
}
