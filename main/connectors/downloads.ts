import type { DownloadSource } from '../../common/contract/downloads';

/** What the vendor tells about a download before its bytes. */
export interface DownloadFacts {
  /** The upstream's own name for the file (not yet made safe). */
  fileName: string;
  /** What the download is expected to weigh, when the vendor says (used for the free-space check). */
  sizeHint?: number;
  /** When the link stops working (ms since the epoch), when the vendor says. */
  expiresAt?: number;
  /** False for a single stream without offsets (an agent installer). */
  ranged: boolean;
}

/** What a single stream delivered. */
export interface StreamedBytes {
  received: number;
  /** The name the answer itself gave (Content-Disposition), when it gave one. */
  fileName?: string;
}

/** A vendor's byte downloads (IBM): ranges by offset, or one stream; refusals as VantageErrors in its words. */
export interface DownloadOperations {
  describe(source: DownloadSource): Promise<DownloadFacts>;
  /**
   * Bytes [offset, offset + length), handed to `write` as they arrive (`at` relative to `offset`; a retry writes
   * them again): fewer at the end of the file, none past it. Resolves with how many there were.
   */
  range(
    source: DownloadSource,
    offset: number,
    length: number,
    signal: AbortSignal,
    write: (piece: Buffer, at: number) => Promise<void>,
  ): Promise<{ received: number }>;
  /** The whole file, for sources without offsets, handed to `write` as it arrives (a retry starts again at 0). */
  whole(
    source: DownloadSource,
    signal: AbortSignal,
    write: (piece: Buffer, at: number) => Promise<void>,
  ): Promise<StreamedBytes>;
}
