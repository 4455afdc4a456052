// The parts of noVNC 1.7's RFB class Vantage uses (docs/API.md); DefinitelyTyped's types lag at 1.6.
declare module '@novnc/novnc' {
  export interface RfbCredentials {
    username?: string;
    password?: string;
    target?: string;
  }

  /** A WebSocket or anything shaped like one (noVNC checks these members on the object or its prototype). */
  export interface RfbChannel {
    binaryType: string;
    protocol: string;
    readyState: number | string;
    onopen: ((event: Event) => void) | null;
    onmessage: ((event: MessageEvent) => void) | null;
    onerror: ((event: Event) => void) | null;
    onclose?: ((event: CloseEvent) => void) | null;
    send(data: ArrayBuffer | ArrayBufferView): void;
    close(code?: number, reason?: string): void;
  }

  export default class RFB extends EventTarget {
    constructor(
      target: HTMLElement,
      urlOrChannel: string | WebSocket | RfbChannel,
      options?: {
        shared?: boolean;
        credentials?: RfbCredentials;
        repeaterID?: string;
        wsProtocols?: string[];
      },
    );
    scaleViewport: boolean;
    resizeSession: boolean;
    clipViewport: boolean;
    dragViewport: boolean;
    viewOnly: boolean;
    focusOnClick: boolean;
    qualityLevel: number;
    compressionLevel: number;
    background: string;
    showDotCursor: boolean;
    readonly capabilities: { power: boolean };
    disconnect(): void;
    sendCredentials(credentials: RfbCredentials): void;
    sendCtrlAltDel(): void;
    sendKey(keysym: number, code: string | null, down?: boolean): void;
    clipboardPasteFrom(text: string): void;
    focus(options?: FocusOptions): void;
    blur(): void;
    toDataURL(type?: string, encoderOptions?: number): string;
    toBlob(callback: (blob: Blob | null) => void, type?: string, quality?: number): void;
    getImageData(): ImageData;
  }
}
