import type { RequestHandlers } from '../../ipc/router';
import type { VantageContract } from '../../../common/contract';
import { VantageError } from '../../../common/errors';
import type { downloadsRequests } from '../../../common/contract/downloads';
import type { Downloads } from './index';

/** The desktop shell's hands for a finished file; the harness has none. */
export interface DownloadShell {
  showInFolder?: (path: string) => Promise<void>;
  openPath?: (path: string) => Promise<void>;
}

const desktopOnly = (what: string, path: string): VantageError =>
  new VantageError('UNSUPPORTED', `Only the desktop app can ${what}; the file is ${path}.`);

export function downloadsHandlers(
  downloads: Downloads,
  shell: DownloadShell,
): Pick<RequestHandlers<VantageContract>, keyof typeof downloadsRequests> {
  return {
    'downloads.list': () => downloads.list(),
    'downloads.enqueue': ({ source }) => downloads.enqueue(source),
    'downloads.pause': ({ id }) => downloads.pause(id),
    'downloads.resume': ({ id }) => downloads.resume(id),
    'downloads.cancel': ({ id }) => downloads.cancel(id),
    'downloads.retry': ({ id }) => downloads.retry(id),
    'downloads.remove': async ({ id }) => {
      await downloads.remove(id);
      return null;
    },
    'downloads.showInFolder': async ({ id }) => {
      const path = downloads.finishedPath(id);
      if (!shell.showInFolder) throw desktopOnly('show a file in its folder', path);
      await shell.showInFolder(path);
      return null;
    },
    'downloads.open': async ({ id }) => {
      const path = downloads.finishedPath(id);
      if (!shell.openPath) throw desktopOnly('open a file', path);
      await shell.openPath(path);
      return null;
    },
  };
}
