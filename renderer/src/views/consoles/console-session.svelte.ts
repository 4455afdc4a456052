import RFB from '@novnc/novnc';

import { DEFAULT_CONSOLE_SETTINGS, type ConsoleSettings } from '../../../../common/consoles';
import type { IpcError } from '../../../../common/errors';
import type { StreamControl } from '../../../../common/ipc';
import type { Machine } from '../../../../common/machines';
import { api, asIpcError, describeError } from '../../lib/api';
import { comboStrokes, keysymsOf, type Key } from '../../lib/keysyms';
import { openStream } from '../../lib/streams';
import { VncChannel } from '../../lib/vnc-channel';

export type ConnectionState = 'idle' | 'connecting' | 'credentials' | 'connected' | 'disconnected' | 'failed';

/** main's connect (10 s) and greeting (5 s) deadlines, plus the round trips around them. */
const OPEN_TIMEOUT_MS = 20_000;

/**
 * One machine's console in one tab: the stream from main, noVNC on top of it, and everything the toolbar drives.
 * A new stream and a new noVNC object for every (re)connection: noVNC's RFB objects do not reconnect.
 */
export class ConsoleSession {
  state: ConnectionState = $state('idle');
  /** Why it failed or ended, in main's words. */
  error: IpcError | undefined = $state();
  /** Something to know that does not end the console (the keychain refused to save the password). */
  notice: string | undefined = $state();
  desktopName = $state('');
  /** Last key-press-to-screen-update time. */
  latencyMs: number | undefined = $state();
  settings: ConsoleSettings = $state({ ...DEFAULT_CONSOLE_SETTINGS });
  passwordSaved = $state(false);
  /** Clipboard sharing with this console: off until the user turns it on (it can leak what you copied). */
  shareClipboard = $state(false);
  /** The last text the remote machine put on its clipboard (kept only while sharing is on). */
  remoteClipboard = $state('');
  remoteResize = $state(false);

  readonly machine: Machine;
  #rfb: RFB | undefined;
  #channel: VncChannel | undefined;
  #screen: HTMLElement | undefined;
  #generation = 0;
  #preferences: Promise<void> | undefined;
  #preferencesKnown = false;
  #changedByUser = false;

  constructor(machine: Machine) {
    this.machine = machine;
  }

  /** Connects into `screen` (noVNC adds its canvas there), or reconnects, dropping any current connection. */
  async connect(screen: HTMLElement): Promise<void> {
    this.#screen = screen;
    this.#teardown();
    const generation = ++this.#generation;
    this.state = 'connecting';
    this.error = undefined;
    this.notice = undefined;
    this.latencyMs = undefined;
    performance.mark('vantage:console-connect');
    // The request first: noVNC is set up while main opens the stream (its channel starts "connecting", as a
    // WebSocket does). Remembered settings are read beside it and applied whenever they arrive.
    const opening = openStream('consoles.open', { machineId: this.machine.id }, OPEN_TIMEOUT_MS);
    this.#preferences ??= this.#loadPreferences();
    const channel = new VncChannel({
      onControl: (message) => this.#onControl(message),
      onEnd: (error) => {
        if (error && generation === this.#generation) this.#fail(error);
      },
      onEcho: (ms) => {
        if (ms < 2000) this.latencyMs = Math.round(ms);
      },
    });
    const rfb = new RFB(screen, channel, { shared: true });
    this.#channel = channel;
    this.#rfb = rfb;
    this.#listen(rfb, generation);
    this.#apply(rfb);
    // Once they are known, the settings were applied just now: applying them again would only lay the page out again.
    if (!this.#preferencesKnown)
      void this.#preferences.then(() => {
        if (this.#rfb === rfb) this.#apply(rfb);
      });
    try {
      channel.open(await opening);
      performance.mark('vantage:console-port');
    } catch (failure) {
      channel.abort(asIpcError(failure));
    }
  }

  #listen(rfb: RFB, generation: number): void {
    rfb.addEventListener('connect', () => {
      performance.mark('vantage:console-connected');
      this.state = 'connected';
      this.remoteResize = this.#supportsResize();
      rfb.focus();
    });
    rfb.addEventListener('disconnect', (event) => {
      if (generation !== this.#generation) return;
      this.#rfb = undefined;
      if (this.state === 'failed') return;
      // noVNC gave up on its own (a protocol it cannot follow): main had no reason to give.
      if (!(event as CustomEvent<{ clean: boolean }>).detail.clean)
        this.#fail({
          code: 'UPSTREAM',
          message: 'The viewer could not follow what the VNC server sent, and stopped.',
        });
      else this.state = 'disconnected';
    });
    rfb.addEventListener('desktopname', (event) => {
      this.desktopName = (event as CustomEvent<{ name: string }>).detail.name;
    });
    rfb.addEventListener('clipboard', (event) => {
      if (!this.shareClipboard) return;
      this.remoteClipboard = (event as CustomEvent<{ text: string }>).detail.text;
      // Best effort: the page may not be allowed to write the system clipboard; the panel shows the text anyway.
      navigator.clipboard?.writeText(this.remoteClipboard).catch(() => undefined);
    });
  }

  async #loadPreferences(): Promise<void> {
    try {
      const saved = await api().consoles.preferences({ machineId: this.machine.id });
      if (!this.#changedByUser) this.settings = saved.settings;
      this.passwordSaved = saved.passwordSaved;
    } catch {
      // Remembered settings are a convenience: the defaults do.
    }
    this.#preferencesKnown = true;
  }

  reconnect(): Promise<void> {
    return this.#screen ? this.connect(this.#screen) : Promise.resolve();
  }

  /** The user ends the console (the tab closes, or Disconnect). */
  disconnect(): void {
    this.#generation++;
    this.#teardown();
    this.state = 'disconnected';
  }

  /** Answers main's request for the VNC password; main authenticates, the page never keeps it. */
  sendCredentials(password: string, remember: boolean): void {
    this.#channel?.sendControl({ type: 'credentials', password, remember });
    this.state = 'connecting';
  }

  async forgetPassword(): Promise<void> {
    await api().consoles.forgetPassword({ machineId: this.machine.id });
    this.passwordSaved = false;
  }

  /** Changes and remembers viewer settings for this machine. */
  async update(change: Partial<ConsoleSettings>): Promise<void> {
    this.#changedByUser = true;
    this.settings = { ...this.settings, ...change };
    if (this.#rfb) this.#apply(this.#rfb);
    try {
      await api().consoles.saveSettings({
        machineId: this.machine.id,
        settings: $state.snapshot(this.settings),
      });
    } catch (failure) {
      this.notice = `The settings apply now but were not saved: ${describeError(failure)}`;
    }
  }

  pressKeys(keys: readonly Key[]): void {
    const rfb = this.#rfb;
    if (!rfb || this.settings.viewOnly) return;
    for (const { key, down } of comboStrokes(keys)) rfb.sendKey(key.keysym, key.code, down);
    rfb.focus();
  }

  sendCtrlAltDel(): void {
    if (this.settings.viewOnly) return;
    this.#rfb?.sendCtrlAltDel();
    this.#rfb?.focus();
  }

  /** Types text key by key: for machines whose clipboard cannot be shared (a login prompt, a BIOS). */
  typeText(text: string): void {
    const rfb = this.#rfb;
    if (!rfb || this.settings.viewOnly) return;
    for (const keysym of keysymsOf(text)) {
      rfb.sendKey(keysym, null, true);
      rfb.sendKey(keysym, null, false);
    }
    rfb.focus();
  }

  /** Puts text on the remote clipboard (standard VNC carries Latin-1 only). */
  sendClipboard(text: string): void {
    if (this.shareClipboard) this.#rfb?.clipboardPasteFrom(text);
  }

  setClipboardSharing(on: boolean): void {
    this.shareClipboard = on;
    if (!on) this.remoteClipboard = '';
  }

  screenshot(): Promise<Blob | undefined> {
    const rfb = this.#rfb;
    if (!rfb) return Promise.resolve(undefined);
    return new Promise((resolve) => rfb.toBlob((blob) => resolve(blob ?? undefined), 'image/png'));
  }

  focus(): void {
    this.#rfb?.focus();
  }

  /** noVNC's private flag for the server's ExtendedDesktopSize support: its public API does not expose it. */
  #supportsResize(): boolean {
    return this.#rfb !== undefined && Reflect.get(this.#rfb, '_supportsSetDesktopSize') === true;
  }

  /** Re-reads whether the server can be resized (known only after its first screen update). */
  refreshCapabilities(): void {
    this.remoteResize = this.#supportsResize();
  }

  #apply(rfb: RFB): void {
    const { scaling, quality, compression, viewOnly } = this.settings;
    rfb.scaleViewport = scaling === 'fit';
    rfb.resizeSession = scaling === 'remote';
    rfb.clipViewport = false;
    rfb.qualityLevel = quality;
    rfb.compressionLevel = compression;
    rfb.viewOnly = viewOnly;
  }

  #onControl(message: StreamControl): void {
    if (message.type === 'credentials') this.state = 'credentials';
    else if (message.type === 'notice' && typeof message.message === 'string') this.notice = message.message;
  }

  #fail(error: IpcError): void {
    this.error = error;
    this.state = 'failed';
  }

  #teardown(): void {
    const rfb = this.#rfb;
    this.#rfb = undefined;
    this.#channel = undefined;
    if (rfb) {
      try {
        rfb.disconnect();
      } catch {
        // Already disconnected: nothing to undo.
      }
    }
  }
}
