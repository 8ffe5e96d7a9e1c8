import { setImmediate as nextTurn } from 'node:timers/promises';

/** Items of a long array stringified natively in one go, and the longest run between two turns. */
const SLICE_ITEMS = 256;
const SLICE_MS = 8;

/**
 * `JSON.stringify(value)`, giving the event loop a turn first and then every ~8 ms: a big
 * answer's serialization never holds the loop for long, and it does not run in the same turn
 * as the execution that made it. Arrays of more than SLICE_ITEMS items are written in native
 * slices; objects on the way to them are walked (own enumerable keys, as JSON.stringify does).
 * Everything else is JSON.stringify's own work, so the text is the same, byte for byte.
 */
export async function stringifyInSlices(value: unknown): Promise<string> {
  await nextTurn();
  const out: string[] = [];
  let sliceStart = performance.now();
  const breathe = async () => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await nextTurn();
    sliceStart = performance.now();
  };

  const write = async (v: unknown): Promise<void> => {
    if (Array.isArray(v)) {
      if (v.length <= SLICE_ITEMS) {
        out.push(JSON.stringify(v));
        return;
      }
      out.push('[');
      for (let i = 0; i < v.length; i += SLICE_ITEMS) {
        const slice = JSON.stringify(v.slice(i, i + SLICE_ITEMS));
        out.push(i === 0 ? slice.slice(1, -1) : `,${slice.slice(1, -1)}`);
        await breathe();
      }
      out.push(']');
      return;
    }
    if (v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      out.push(JSON.stringify(v) ?? 'null');
      return;
    }
    out.push('{');
    let first = true;
    for (const key of Object.keys(v)) {
      const item = (v as Record<string, unknown>)[key];
      // Skipped by JSON.stringify in objects.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      out.push(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
      first = false;
      await write(item);
    }
    out.push('}');
  };

  await write(value);
  return out.join('');
}
