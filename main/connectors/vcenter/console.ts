import { VMRC } from '../../../common/consoles';
import { VantageError } from '../../../common/errors';
import type { HttpClient } from '../../net/http-client';
import { expectOk } from '../auth';
import type { Connector } from '../types';
import { vmPath } from './api';
import { vcenterMessage, type Flavour } from './session';

/**
 * A one-time VMRC ticket (`POST vcenter/vm/{vm}/console/tickets`, API 7.0.0.2+, four-vendors.md §4.6), which
 * VMware Remote Console opens; it works with the machine off. `/api` takes the CreateSpec as the body and answers
 * 201 `{ticket}`, `/rest` wraps both in `spec` / `value`. The ticket is a credential: it only goes to the system's
 * vmrc:// handler, never to the page. WebMKS tickets (the embedded HTML console) need VMware's protocol
 * extensions, which noVNC lacks (novnc/noVNC#44), so they are not asked for.
 */
export function createVcenterConsole(
  http: HttpClient,
  flavour: () => Promise<Flavour>,
  label: string,
): Required<Pick<Connector, 'console'>> {
  return {
    async console(machine) {
      const api = await flavour();
      const response = await http.send({
        method: 'POST',
        path: `${api}/vcenter/${vmPath(machine.vendorId, '/console/tickets')}`,
        json: api === 'api' ? { type: 'VMRC' } : { spec: { type: 'VMRC' } },
      });
      const body = expectOk(response, label, vcenterMessage).body as
        { ticket?: unknown; value?: { ticket?: unknown } } | undefined;
      const ticket = body?.ticket ?? body?.value?.ticket;
      // Anything but a vmrc:// URI would be handed to some other application: refuse it.
      if (typeof ticket !== 'string' || !ticket.startsWith('vmrc://'))
        throw new VantageError(
          'UPSTREAM',
          `${label} answered the console ticket request without a VMRC ticket.`,
        );
      return { kind: 'external', url: ticket, application: VMRC };
    },
  };
}
