import { setImmediate as nextTurn } from 'node:timers/promises';

export interface ChunkOptions {
  /** Aborts the work between chunks (rejects with the signal's reason): the caller has gone. */
  signal?: AbortSignal;
  /** Epoch ms after which the work stops between chunks, rejecting with `late()`. */
  deadline?: number;
  late?: () => Error;
}

/** Most items mapped between two turns of the event loop, and the longest slice of work. */
export const CHUNK_ITEMS = 1024;
const SLICE_MS = 10;
/** How often the clock is read (every item would cost more than the mapping of small items). */
const CLOCK_EVERY = 64;

/**
 * `items.map(fn)`, but a long list gives the event loop a turn (a macrotask: timers, I/O,
 * health probes) every CHUNK_ITEMS items or ~10 ms of work, whichever comes first, and stops
 * between chunks once the caller has gone or the deadline has passed. Lists of up to
 * CHUNK_ITEMS items are mapped in one go, as `map` would.
 */
export async function mapInChunks<T, R>(items: readonly T[], fn: (item: T) => R, options: ChunkOptions = {}): Promise<R[]> {
  const n = items.length;
  const out = new Array<R>(n);
  if (n <= CHUNK_ITEMS) {
    for (let i = 0; i < n; i++) out[i] = fn(items[i]!);
    return out;
  }
  let sliceStart = performance.now();
  let inChunk = 0;
  for (let i = 0; i < n; i++) {
    out[i] = fn(items[i]!);
    if (++inChunk % CLOCK_EVERY !== 0 || i + 1 === n) continue;
    if (inChunk < CHUNK_ITEMS && performance.now() - sliceStart < SLICE_MS) continue;
    await nextTurn();
    if (options.signal?.aborted) throw options.signal.reason;
    if (options.deadline !== undefined && Date.now() > options.deadline) throw options.late?.() ?? new Error('The request deadline passed.');
    sliceStart = performance.now();
    inChunk = 0;
  }
  return out;
}
