import { consoleSupport, type ConsolePreferences, type ConsoleSettings } from '../../../common/consoles';
import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type { ConsoleEndpoint, Connector } from '../../connectors/types';
import type { StreamEndpoint } from '../../ipc/router';
import type { Keychain } from '../keychain';
import type { SocketFactory } from './dial';
import { probeFirstFrame, type FirstFrame } from './first-frame';
import { consolePasswords } from './passwords';
import { openSession, type OpenSession, type SessionTarget, type SessionTiming } from './session';
import { consoleSettingsStore } from './settings-store';

export interface ConsolesOptions {
  /** The machine behind an id: the page names a machine, never a host or a port. */
  machine: (id: string) => Machine;
  connector: (profileId: string) => Connector;
  keychain: Keychain;
  dataDirectory: string;
  /** Hands a URL to the system's handler (Electron's shell.openExternal); absent where there is no desktop. */
  launchUrl?: (url: string) => Promise<void>;
  /** The viewer settings of a machine nobody chose any for (Settings' console defaults). */
  defaults?: () => ConsoleSettings;
  timing?: SessionTiming;
  socketFactory?: SocketFactory;
}

/** External console URLs Vantage may hand to the system: VMware Remote Console tickets only. */
const EXTERNAL_SCHEMES = new Set(['vmrc:']);

/**
 * Machine consoles: the endpoint comes from the machine's connector (never from the page), main connects and
 * authenticates, and the page gets the RFB stream of an already authenticated session (see session.ts).
 */
export function createConsoles(options: ConsolesOptions) {
  const settings = consoleSettingsStore(options.dataDirectory, undefined, options.defaults);
  const passwords = consolePasswords(options.keychain);
  const sessions = new Map<OpenSession, string>();

  const endpointOf = async (machine: Machine): Promise<ConsoleEndpoint> => {
    const connector = options.connector(machine.profileId);
    if (!connector.console) {
      const support = consoleSupport(machine);
      throw new VantageError(
        'UNSUPPORTED',
        support.kind === 'none' ? support.reason : `${machine.name} has no console Vantage can open.`,
      );
    }
    return connector.console(machine);
  };

  /** An embedded (VNC) console's whereabouts; what the machine itself says refuses at once. */
  const embedded = (machineId: string) => {
    const machine = options.machine(machineId);
    const support = consoleSupport(machine);
    if (support.kind === 'none') throw new VantageError('UNSUPPORTED', support.reason);
    if (support.kind === 'external')
      throw new VantageError('UNSUPPORTED', `${machine.name} opens in ${support.application}, not in a tab.`);
    const locate = async (): Promise<SessionTarget> => {
      const found = await endpointOf(machine);
      if (found.kind !== 'vnc')
        throw new VantageError('UNSUPPORTED', `${machine.name} opens in ${found.application}, not in a tab.`);
      return {
        target: { host: found.host, port: found.port, ...(found.tls ? { tls: true } : {}) },
        where: `${machine.name} (${found.host}:${found.port})`,
        passwords: passwords.book(machineId, found.password),
      };
    };
    return { machine, locate };
  };

  const startSession = (machineId: string, endpoint: StreamEndpoint): void => {
    const { machine, locate } = embedded(machineId);
    const session = openSession({
      endpoint,
      name: machine.name,
      locate,
      ...(options.timing ? { timing: options.timing } : {}),
      ...(options.socketFactory ? { socketFactory: options.socketFactory } : {}),
    });
    sessions.set(session, machineId);
    void session.ended.then(() => sessions.delete(session));
  };

  return {
    /**
     * The `consoles.open` stream. What the machine itself says (it has no console, or one in another application)
     * refuses the open; the rest (the vendor's endpoint, connecting, authenticating) runs with the stream already
     * in the page's hands, so that the page's side of the handshake overlaps it, and a failure ends the stream.
     */
    open: (machineId: string, endpoint: StreamEndpoint): Promise<void> =>
      Promise.resolve().then(() => startSession(machineId, endpoint)),

    /** One whole frame of a machine's console, timed, through the same endpoint and passwords (DR tests). */
    async firstFrame(machineId: string, signal: AbortSignal, password?: string): Promise<FirstFrame> {
      const located = await embedded(machineId).locate();
      const book = located.passwords;
      // The password known for the machine first; the one given for this probe else (never saved).
      located.passwords = {
        ...book,
        known: async () =>
          (await book.known()) ?? (password === undefined ? undefined : { password, source: 'user' }),
      };
      return probeFirstFrame(located, signal, {
        ...(options.timing ? { timing: options.timing } : {}),
        ...(options.socketFactory ? { socketFactory: options.socketFactory } : {}),
      });
    },

    async preferences(machineId: string): Promise<ConsolePreferences> {
      const [saved, passwordSaved] = await Promise.all([settings.get(machineId), passwords.saved(machineId)]);
      return { settings: saved, passwordSaved };
    },

    /** Only for a machine of the inventory (else NOT_FOUND): settings for ids that mean nothing are not kept. */
    saveSettings: (machineId: string, next: ConsoleSettings): Promise<void> =>
      Promise.resolve().then(() => settings.set(options.machine(machineId).id, next)),

    forgetPassword: (machineId: string): Promise<void> => passwords.forget(machineId),

    /** Opens a console that lives in another application (VMRC); the ticket goes to the system, not the page. */
    async launchExternal(machineId: string): Promise<{ application: string }> {
      const machine = options.machine(machineId);
      const found = await endpointOf(machine);
      if (found.kind !== 'external')
        throw new VantageError('UNSUPPORTED', `${machine.name} has an embedded console: open it in a tab.`);
      if (!EXTERNAL_SCHEMES.has(new URL(found.url).protocol))
        throw new VantageError(
          'UPSTREAM',
          `Refusing to open a console URL of an unexpected kind for ${machine.name}.`,
        );
      if (!options.launchUrl)
        throw new VantageError(
          'UNSUPPORTED',
          `${found.application} cannot be started from here: this Vantage runs without a desktop (browser harness).`,
        );
      try {
        await options.launchUrl(found.url);
      } catch (error) {
        throw new VantageError(
          'UNSUPPORTED',
          `${found.application} did not start: it is not installed, or nothing on this computer opens vmrc:// links.`,
          { detail: error instanceof Error ? error.message : String(error) },
        );
      }
      return { application: found.application };
    },

    /**
     * A profile is being removed: its machines' consoles end, and their saved passwords and viewer settings go.
     * Nothing of a removed profile stays in the keychain.
     */
    async forgetProfile(profileId: string): Promise<void> {
      for (const [session, machineId] of sessions)
        if (machineId.startsWith(`${profileId}/`))
          session.close(new VantageError('CANCELLED', 'The connection profile of this machine was removed.'));
      await Promise.all([passwords.forgetProfile(profileId), settings.forgetProfile(profileId)]);
    },

    /** Ends every open console (Vantage is closing). */
    dispose(): void {
      for (const session of sessions.keys())
        session.close(new VantageError('CANCELLED', 'Vantage is closing.'));
    },
  };
}

export type Consoles = ReturnType<typeof createConsoles>;
