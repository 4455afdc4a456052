import { createHash, randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';

import type { VantageContract } from '../../../common/contract';
import type { DownloadItem, DownloadSource } from '../../../common/contract/downloads';
import { VantageError } from '../../../common/errors';
import type { Settings } from '../../../common/settings';
import type { DownloadOperations } from '../../connectors/downloads';
import type { EventBus } from '../../ipc/events';
import { toIpcError } from '../../ipc/router';
import type { Connections } from '../connections';
import { createBufferCollector } from './buffer-collector';
import { withChunkRetries } from './chunk-retry';
import { currentBoot, sameBoot } from './boot';
import { checkFreeSpace, createPart, finishPart, openPart } from './part-file';
import {
  afterReboot,
  chunkDone,
  chunkProgress,
  chunksSynced,
  contiguousBytes,
  isComplete,
  knownSize,
  newPlan,
  nextChunk,
  receivedBytes,
  resumeAt,
} from './planner';
import { createSpeedMeter, etaSeconds } from './progress';
import { createRateLimiter } from './rate-limiter';
import { createRunningHash } from './running-hash';
import { safeFileName } from './safe-name';
import { createStateFiles, type SavedDownload } from './state-file';
import { verifyDownload } from './verifier';
import { createWriteBuffer, type WriteBuffer } from './write-buffer';

export const CHUNK_SIZE = 8 * 1024 * 1024;
const PUBLISH_EVERY_MS = 250;
/**
 * How often a download's finished chunks are flushed to the disk, so that a power cut loses at most about this: the
 * kernel writes dirty pages back after about as long anyway (Linux: 30 s), so the flush costs little extra I/O. More
 * often, the flushes took a third of the loopback throughput on the benchmark's virtual disk.
 */
const SYNC_EVERY_MS = 30_000;

/** What the shell (or the harness) gives the download manager. */
export interface DownloadsHooks {
  /** The system's Downloads folder (Electron: `app.getPath('downloads')`), used when Settings name none. */
  systemDownloads?: string;
  /** The desktop shell's file manager and default application; absent in the harness. */
  showInFolder?: (path: string) => Promise<void>;
  openPath?: (path: string) => Promise<void>;
  /** A desktop notification for a finished download (its click shows the file). */
  notifyFinished?: (item: DownloadItem, path: string) => void;
  /** Tests use smaller chunks and shorter pauses. */
  chunkSize?: number;
  retryDelayMs?: number;
  syncEveryMs?: number;
}

export interface DownloadsOptions extends DownloadsHooks {
  connections: Connections;
  bus: EventBus<VantageContract>;
  dataDirectory: string;
  settings: () => Settings;
}

interface Entry extends SavedDownload {
  /** Why a running download was stopped by the user, so its end says so instead of failing. */
  stopAs?: 'paused' | 'cancelled';
  controller?: AbortController;
  running?: Promise<void>;
  saving: Promise<void>;
  /** A save waits behind the one under way. */
  saveQueued?: boolean;
  /** The waiting save is to be flushed to the disk. */
  saveDurable?: boolean;
  lastPublished: number;
  speed: ReturnType<typeof createSpeedMeter>;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/**
 * The download manager: a queue of downloads (a few at a time), each fetched in chunks fetched in parallel and
 * written at their offsets into a `.part` file, its state saved after every chunk so it resumes after a restart,
 * verified at the end and renamed into place without ever replacing a file.
 */
export function createDownloads(options: DownloadsOptions) {
  const { connections, bus } = options;
  const states = createStateFiles(options.dataDirectory);
  const entries = new Map<string, Entry>();
  let disposing = false;
  const limiter = createRateLimiter(() => options.settings().downloadLimitKBps * 1024);
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const collector = createBufferCollector();
  const retryDelayMs = options.retryDelayMs ?? 250;
  const boot = currentBoot();
  const syncEveryMs = options.syncEveryMs ?? SYNC_EVERY_MS;

  const folderNow = (): string =>
    options.settings().downloadsFolder || options.systemDownloads || join(homedir(), 'Downloads');

  const publish = (entry: Entry): void => {
    entry.lastPublished = Date.now();
    bus.publish('downloads.changed', { ...entry.item });
  };
  /**
   * Saves the entry after the save under way: at most one waits, and it takes its snapshot when it starts, so saves
   * never fall behind the download (a kill loses only what was in flight) and a caller's change is always in it.
   * A save of progress alone (`durable` false) goes to the progress file, not flushed to the disk: it is rewritten
   * for every MiB, a flush each time held the workers up for about a quarter of a 1 GiB download, and a kill keeps it
   * anyway (the kernel has it). What a power cut must not lose (a new state, the chunks recorded after a flush of the
   * part) goes to the state file, flushed (`state-file.ts`).
   */
  const save = (entry: Entry, durable = true): Promise<void> => {
    entry.saveDurable ||= durable;
    if (entry.saveQueued) return entry.saving;
    entry.saveQueued = true;
    entry.saving = entry.saving
      .then(() => {
        entry.saveQueued = false;
        const flush = entry.saveDurable;
        entry.saveDurable = false;
        const seq = (entry.seq ?? 0) + 1;
        entry.seq = seq;
        return boot.then((id) =>
          states.save(
            {
              item: entry.item,
              plan: entry.plan,
              ...(entry.part ? { part: entry.part } : {}),
              boot: id,
              seq,
            },
            flush,
          ),
        );
      })
      .catch((error: unknown) => {
        console.error('downloads: could not save state', error);
      });
    return entry.saving;
  };
  const update = (entry: Entry, patch: Partial<DownloadItem>, drop: (keyof DownloadItem)[] = []): void => {
    const next = { ...entry.item, ...patch };
    for (const key of drop) delete next[key];
    entry.item = next;
  };
  const entryOf = (id: string): Entry => {
    const entry = entries.get(id);
    if (!entry) throw new VantageError('NOT_FOUND', 'No such download: it may have been removed.', { id });
    return entry;
  };

  const withOps = <T>(profileId: string, work: (ops: DownloadOperations) => Promise<T>): Promise<T> =>
    connections.withConnector(profileId, (connector) => {
      if (!connector.downloads)
        throw new VantageError('UNSUPPORTED', 'This system has no file downloads (IBM has).');
      return work(connector.downloads);
    });

  const progress = (entry: Entry, force = false): void => {
    const received = receivedBytes(entry.plan);
    entry.speed.add(received);
    const speed = entry.speed.bytesPerSecond();
    const total = knownSize(entry.plan) ?? entry.item.expectedSize;
    const eta = etaSeconds(total === undefined ? undefined : total - received, speed);
    update(entry, {
      received,
      ...(speed !== undefined ? { bytesPerSecond: Math.round(speed) } : {}),
      ...(eta !== undefined ? { etaSeconds: eta } : {}),
    });
    if (force || Date.now() - entry.lastPublished >= PUBLISH_EVERY_MS) publish(entry);
  };

  /** Fetches the missing chunks, `downloadChunks` at a time, each written at its offset before it counts as done. */
  async function fetchRanges(entry: Entry, part: string, signal: AbortSignal): Promise<string> {
    const file = await openPart(part);
    const hash = createRunningHash(file);
    hash.advance(contiguousBytes(entry.plan));
    const inFlight = new Set<number>();
    const { source } = entry.item;
    // The finished chunks are flushed to the disk now and then, off the workers' path; the state then says which
    // chunks a restart of the machine cannot have lost.
    let lastSync = Date.now();
    let syncing: Promise<void> | undefined;
    const syncSometimes = (): void => {
      if (syncing || Date.now() - lastSync < syncEveryMs) return;
      const done = entry.plan.done;
      syncing = file
        .datasync()
        .then(
          () => {
            entry.plan = chunksSynced(entry.plan, done);
            void save(entry);
          },
          (error: unknown) => console.error('downloads: could not flush the partial file', error),
        )
        .finally(() => {
          syncing = undefined;
          lastSync = Date.now();
        });
    };
    const worker = async (): Promise<void> => {
      const gathered = createWriteBuffer(file);
      try {
        await fetchChunks(gathered);
      } finally {
        // A failed or stopped chunk may leave a write under way: it ends before the file is closed.
        await gathered.drain();
      }
    };
    const fetchChunks = async (gathered: WriteBuffer): Promise<void> => {
      for (
        let index = nextChunk(entry.plan, inFlight);
        index !== undefined && !signal.aborted;
        index = nextChunk(entry.plan, inFlight)
      ) {
        inFlight.add(index);
        try {
          const chunk = entry.plan.chunkSize;
          // What a killed run already wrote of this chunk is not asked for again.
          const from = resumeAt(entry.plan, index);
          const offset = index * chunk + from;
          // Pieces go to their place in the file through a small buffer: a chunk never sits whole in memory.
          gathered.onWritten = () => {
            entry.plan = chunkProgress(entry.plan, index, gathered.written - index * chunk);
            void save(entry, false);
          };
          const write = async (piece: Buffer, at: number): Promise<void> => {
            if (from + at + piece.length > chunk)
              throw new VantageError('UPSTREAM', `The server sent more than the ${chunk} bytes asked for.`);
            await gathered.add(piece, offset + at);
            collector.received(piece.length);
          };
          const { received } = await withChunkRetries(
            () => withOps(source.profileId, (ops) => ops.range(source, offset, chunk - from, signal, write)),
            signal,
            retryDelayMs,
          );
          await gathered.flush();
          entry.plan = chunkDone(entry.plan, index, from + received);
          hash.advance(contiguousBytes(entry.plan));
          progress(entry);
          // The chunk is recorded before the worker asks for another: a kill then re-fetches at most the chunks
          // in flight, never also a finished one whose save was still waiting.
          await save(entry, false);
          syncSometimes();
          await limiter.take(received, signal).catch(() => undefined);
        } finally {
          inFlight.delete(index);
        }
      }
    };
    try {
      const parallel = Math.max(1, options.settings().downloadChunks);
      const results = await Promise.allSettled(Array.from({ length: parallel }, worker));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      if (signal.aborted) throw new VantageError('CANCELLED', 'The download was stopped.');
      if (!isComplete(entry.plan))
        throw new VantageError('INTERNAL', 'The download ended with chunks missing.');
      return await hash.digest(receivedBytes(entry.plan));
    } finally {
      await syncing;
      await hash.settle();
      await file.close();
    }
  }

  /**
   * An installer comes in one answer without offsets: streamed into the `.part` file through the same write buffer,
   * hashed as it arrives (in order), and renamed at the end; a retry starts the file and the hash again.
   */
  async function fetchWhole(entry: Entry, part: string, signal: AbortSignal): Promise<string> {
    const { source } = entry.item;
    const file = await openPart(part);
    let hash = createHash('sha256');
    try {
      await file.truncate(0);
      const gathered = createWriteBuffer(file);
      const write = async (piece: Buffer, at: number): Promise<void> => {
        if (at === 0) hash = createHash('sha256');
        hash.update(piece);
        await gathered.add(piece, at);
        collector.received(piece.length);
      };
      const streamed = await withChunkRetries(
        () => withOps(source.profileId, (ops) => ops.whole(source, signal, write)),
        signal,
        retryDelayMs,
      );
      await gathered.flush();
      await file.truncate(streamed.received);
      // One answer is the whole file: as many chunks as it fills, the last one short.
      let plan = newPlan(entry.plan.chunkSize);
      for (let offset = 0, index = 0; ; offset += plan.chunkSize, index++) {
        plan = chunkDone(plan, index, Math.max(0, Math.min(plan.chunkSize, streamed.received - offset)));
        if (plan.chunkCount !== undefined) break;
      }
      entry.plan = plan;
      if (streamed.fileName && entry.item.received === 0)
        update(entry, { fileName: safeFileName(streamed.fileName, entry.item.fileName) });
      return hash.digest('hex');
    } finally {
      await file.close();
    }
  }

  /** The first start of a download: what the upstream calls it, free space, the `.part` file. */
  async function prepare(entry: Entry): Promise<string> {
    if (entry.part) return entry.part;
    const { source } = entry.item;
    const facts = await withOps(source.profileId, (ops) => ops.describe(source));
    if (facts.expiresAt !== undefined && facts.expiresAt < Date.now())
      throw new VantageError(
        'NOT_FOUND',
        `The download link of recovery ${source.kind === 'recovery' ? source.recoveryId : ''} expired on ${new Date(facts.expiresAt).toISOString()}. Create the recovery again from the Recoveries view, then download it.`,
        { linkExpired: true, expiresAt: facts.expiresAt },
      );
    const fileName = safeFileName(facts.fileName);
    await checkFreeSpace(entry.item.folder, facts.sizeHint);
    entry.part = await createPart(entry.item.folder, fileName);
    update(entry, { fileName, ...(facts.sizeHint ? { expectedSize: facts.sizeHint } : {}) });
    await save(entry);
    return entry.part;
  }

  async function run(entry: Entry): Promise<void> {
    const controller = new AbortController();
    entry.controller = controller;
    entry.stopAs = undefined;
    entry.speed.reset();
    update(entry, { state: 'running' }, ['error', 'bytesPerSecond', 'etaSeconds']);
    publish(entry);
    try {
      const part = await prepare(entry);
      publish(entry);
      const sha256 =
        entry.item.source.kind === 'agent-installer'
          ? await fetchWhole(entry, part, controller.signal)
          : await fetchRanges(entry, part, controller.signal);
      update(entry, { state: 'verifying', received: receivedBytes(entry.plan) }, [
        'bytesPerSecond',
        'etaSeconds',
      ]);
      publish(entry);
      const size = receivedBytes(entry.plan);
      const checked = await verifyDownload(part, size, sha256);
      const name = await finishPart(part, entry.item.folder, entry.item.fileName);
      delete entry.part;
      update(entry, {
        state: 'completed',
        fileName: name,
        size,
        ...checked,
        finishedAt: new Date().toISOString(),
      });
      await save(entry);
      publish(entry);
      options.notifyFinished?.(entry.item, join(entry.item.folder, name));
    } catch (error) {
      await stopped(entry, error);
    } finally {
      entry.controller = undefined;
    }
  }

  /** How a run that did not complete ends: paused or cancelled by the user, or failed in words. */
  async function stopped(entry: Entry, error: unknown): Promise<void> {
    // Quitting leaves the state file as it was after the last chunk: the next start resumes from there.
    if (disposing) return;
    if (entry.stopAs === 'cancelled') {
      if (entry.part) await rm(entry.part, { force: true });
      delete entry.part;
      entry.plan = newPlan(chunkSize);
      update(entry, { state: 'cancelled', received: 0 }, ['bytesPerSecond', 'etaSeconds']);
    } else if (entry.stopAs === 'paused') {
      update(entry, { state: 'paused' }, ['bytesPerSecond', 'etaSeconds']);
    } else {
      const ipc = toIpcError(error);
      const linkExpired = (ipc.details as { linkExpired?: boolean } | undefined)?.linkExpired === true;
      update(
        entry,
        {
          state: 'failed',
          error: { code: ipc.code, message: ipc.message, ...(linkExpired ? { linkExpired } : {}) },
        },
        ['bytesPerSecond', 'etaSeconds'],
      );
    }
    await save(entry);
    publish(entry);
  }

  /** Starts queued downloads while fewer than the limit run. */
  const pump = (): void => {
    const limit = Math.max(1, options.settings().downloadsAtOnce);
    let active = [...entries.values()].filter((e) => e.running !== undefined).length;
    for (const entry of entries.values()) {
      if (active >= limit) break;
      if (entry.item.state !== 'queued' || entry.running) continue;
      active++;
      entry.running = run(entry).finally(() => {
        entry.running = undefined;
        pump();
      });
    }
  };

  const add = (saved: SavedDownload): Entry => {
    const entry: Entry = { ...saved, saving: Promise.resolve(), lastPublished: 0, speed: createSpeedMeter() };
    entries.set(saved.item.id, entry);
    return entry;
  };

  /** A stopped run must have ended (its part closed, its state saved) before the next command acts on it. */
  const stop = async (entry: Entry, as: 'paused' | 'cancelled'): Promise<void> => {
    entry.stopAs = as;
    entry.controller?.abort();
    await entry.running;
  };

  /** A command's end: saved, told to the windows, the queue started again when it may now move. */
  const changed = async (entry: Entry, queueMoves: boolean): Promise<DownloadItem> => {
    await save(entry);
    publish(entry);
    if (queueMoves) pump();
    return { ...entry.item };
  };

  const api = {
    list: (): DownloadItem[] => [...entries.values()].map((e) => ({ ...e.item })),

    async enqueue(source: DownloadSource): Promise<DownloadItem> {
      const profile = connections.get(source.profileId);
      if (profile.options.vendor !== 'ibm-br')
        throw new VantageError(
          'UNSUPPORTED',
          `“${profile.name}” has no file downloads: only IBM Backup and Recovery profiles do.`,
        );
      const item: DownloadItem = {
        id: randomUUID(),
        source,
        profileName: profile.name,
        fileName: source.kind === 'snapshot-file' ? safeFileName(source.filePath) : 'download',
        folder: folderNow(),
        state: 'queued',
        received: 0,
        createdAt: new Date().toISOString(),
      };
      return changed(add({ item, plan: newPlan(chunkSize) }), true);
    },

    async pause(id: string): Promise<DownloadItem> {
      const entry = entryOf(id);
      if (entry.item.state === 'queued') update(entry, { state: 'paused' });
      else if (entry.item.state === 'running') await stop(entry, 'paused');
      else throw new VantageError('CONFLICT', `A ${entry.item.state} download cannot be paused.`);
      return changed(entry, false);
    },

    async resume(id: string): Promise<DownloadItem> {
      const entry = entryOf(id);
      if (entry.item.state !== 'paused')
        throw new VantageError('CONFLICT', `A ${entry.item.state} download cannot be resumed.`);
      update(entry, { state: 'queued' });
      return changed(entry, true);
    },

    async cancel(id: string): Promise<DownloadItem> {
      const entry = entryOf(id);
      if (FINISHED.has(entry.item.state))
        throw new VantageError('CONFLICT', `A ${entry.item.state} download cannot be cancelled.`);
      if (entry.running) await stop(entry, 'cancelled');
      else {
        entry.stopAs = 'cancelled';
        await stopped(entry, undefined);
      }
      return { ...entry.item };
    },

    async retry(id: string): Promise<DownloadItem> {
      const entry = entryOf(id);
      if (entry.item.state !== 'failed' && entry.item.state !== 'cancelled')
        throw new VantageError('CONFLICT', `A ${entry.item.state} download cannot be retried.`);
      update(entry, { state: 'queued', received: receivedBytes(entry.plan) }, ['error', 'finishedAt']);
      return changed(entry, true);
    },

    async remove(id: string): Promise<void> {
      const entry = entryOf(id);
      if (!FINISHED.has(entry.item.state))
        throw new VantageError('CONFLICT', 'Cancel the download before removing it from the list.');
      entries.delete(id);
      await entry.saving;
      await states.remove(id);
      bus.publish('downloads.removed', { id });
    },

    /** The finished file's path, for the shell's commands. */
    finishedPath(id: string): string {
      const entry = entryOf(id);
      if (entry.item.state !== 'completed')
        throw new VantageError('CONFLICT', 'Only a finished download can be shown or opened.');
      return join(entry.item.folder, entry.item.fileName);
    },

    /** Reloads the state files: downloads interrupted by a crash or a restart go back to the queue. */
    async restore(): Promise<void> {
      const thisBoot = await boot;
      for (const saved of await states.loadAll()) {
        const state = saved.item.state;
        const interrupted = state === 'running' || state === 'verifying';
        // Saved before the machine restarted: only the chunks flushed to the disk are known to be in the part.
        const plan =
          saved.part && !FINISHED.has(state) && !sameBoot(saved.boot, thisBoot)
            ? afterReboot(saved.plan)
            : saved.plan;
        const received = receivedBytes(plan);
        add({
          ...saved,
          plan,
          item: { ...saved.item, received, ...(interrupted ? { state: 'queued' as const } : {}) },
        });
      }
      pump();
    },

    async dispose(): Promise<void> {
      disposing = true;
      for (const entry of entries.values()) entry.controller?.abort();
      await Promise.all([...entries.values()].map((e) => e.running ?? Promise.resolve()));
      await Promise.all([...entries.values()].map((e) => e.saving));
    },
  };
  return api;
}
export type Downloads = ReturnType<typeof createDownloads>;
