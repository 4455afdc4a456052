import type { Connector, ConnectorFactory } from '../types';
import { expectJson, expectOk } from '../auth';
import { detectFlavour, SESSION_PATH, vcenterAuth, vcenterMessage, type Flavour } from './session';
import { createVcenterApi } from './api';
import { createVcenterConsole } from './console';
import { createVcenterGuest } from './guest';
import { createVcenterInventory } from './inventory';

/** VMware vCenter over the Automation REST API, in whichever flavour the server speaks (four-vendors.md §4). */
export const createVcenterConnector: ConnectorFactory = (context): Connector => {
  const { profile } = context;
  const http = context.http({ label: profile.name });
  const options = profile.options.vendor === 'vcenter' ? profile.options : undefined;
  let flavour: Flavour | undefined =
    options?.apiFlavour === 'auto' ? options.detectedFlavour : options?.apiFlavour;

  const resolveFlavour = async (): Promise<Flavour> => {
    if (flavour) return flavour;
    const detected = await detectFlavour(http);
    flavour = detected;
    context.remember((p) =>
      p.options.vendor === 'vcenter' ? { ...p, options: { ...p.options, detectedFlavour: detected } } : p,
    );
    return detected;
  };
  const auth = vcenterAuth(http, resolveFlavour, profile.username ?? '', context.secret);
  http.setAuth(auth);
  const vcenter = createVcenterApi(http, resolveFlavour, profile.name);

  return {
    ...createVcenterInventory(vcenter, profile.id),
    ...createVcenterConsole(http, resolveFlavour, profile.name),
    guest: createVcenterGuest(vcenter, http),
    async test() {
      const api = await resolveFlavour();
      await auth.session();
      const info = expectJson<{ user?: string; value?: { user?: string } }>(
        api === 'api'
          ? await http.send({ method: 'GET', path: SESSION_PATH.api })
          : await http.send({
              method: 'POST',
              path: SESSION_PATH.rest,
              query: { '~action': 'get' },
              idempotent: true,
            }),
        profile.name,
        vcenterMessage,
        (b) =>
          typeof b.user === 'string' || typeof (b.value as { user?: unknown } | undefined)?.user === 'string',
        'the session it signed in',
      );
      // A filtered listing proves the account may read the inventory, without listing thousands of machines.
      expectOk(
        (await vcenter.read('vm', { names: 'vantage-connection-test' })).response,
        profile.name,
        vcenterMessage,
      );
      const identity = info.user ?? info.value?.user;
      return {
        apiVersion:
          api === 'api'
            ? 'vSphere Automation /api (7.0 U2 or later)'
            : 'vSphere Automation /rest (6.5 – 7.0)',
        ...(identity ? { identity } : {}),
      };
    },
    async close() {
      if (flavour && auth.signedIn())
        await http
          .send({ method: 'DELETE', path: SESSION_PATH[flavour], idempotent: true })
          .catch(() => undefined);
      auth.clear();
      await http.close();
    },
  };
};
