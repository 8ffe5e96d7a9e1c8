import { setImmediate as nextTurn } from 'node:timers/promises';

/** Items of a long array stringified natively in one go, and the longest run between two turns. */
const SLICE_ITEMS = 256;
const SLICE_MS = 8;
/**
 * Text handed to the sink at once. Under V8's large-object size (128 KiB), so a chunk is an
 * ordinary young object that dies at the next scavenge instead of a large one that waits for a
 * full collection.
 */
const CHUNK_CHARS = 48 * 1024;

/** Receives the text in order; a returned promise is awaited before more is written (backpressure). */
export type JsonSink = (chunk: string) => void | Promise<void>;

/**
 * Writes `JSON.stringify(value)` to `sink` in chunks of ~48 KiB, giving the event loop a turn
 * first and then every ~8 ms: a big answer's serialization never holds the loop for long, it
 * does not run in the same turn as the execution that made it, and it is never one string in
 * memory. Arrays of more than SLICE_ITEMS items are written in native slices; objects on the way
 * to them are walked (own enumerable keys, as JSON.stringify does). Everything else is
 * JSON.stringify's own work, so the text is the same, byte for byte.
 */
export async function writeJsonInSlices(value: unknown, sink: JsonSink): Promise<void> {
  await nextTurn();
  let pending: string[] = [];
  let pendingChars = 0;
  let sliceStart = performance.now();
  const push = (text: string) => {
    pending.push(text);
    pendingChars += text.length;
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = pending.length === 1 ? pending[0]! : pending.join('');
    pending = [];
    pendingChars = 0;
    await sink(chunk);
  };
  const breathe = async () => {
    if (pendingChars >= CHUNK_CHARS) await flush();
    if (performance.now() - sliceStart < SLICE_MS) return;
    await nextTurn();
    sliceStart = performance.now();
  };

  const write = async (v: unknown): Promise<void> => {
    if (Array.isArray(v)) {
      if (v.length <= SLICE_ITEMS) {
        push(JSON.stringify(v));
        return;
      }
      push('[');
      for (let i = 0; i < v.length; i += SLICE_ITEMS) {
        const slice = JSON.stringify(v.slice(i, i + SLICE_ITEMS));
        push(i === 0 ? slice.slice(1, -1) : `,${slice.slice(1, -1)}`);
        await breathe();
      }
      push(']');
      return;
    }
    if (v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      push(JSON.stringify(v) ?? 'null');
      return;
    }
    push('{');
    let first = true;
    for (const key of Object.keys(v)) {
      const item = (v as Record<string, unknown>)[key];
      // Skipped by JSON.stringify in objects.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      push(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
      first = false;
      await write(item);
    }
    push('}');
  };

  await write(value);
  await flush();
}
