import type { ServerResponse } from 'node:http';
import { writeJsonInSlices } from './writeJsonInSlices.js';

const CLOSED = Symbol('response closed');

const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });

/**
 * Writes a large answer (an Apollo formatted result) as its JSON text and a newline, chunk by
 * chunk with the socket's backpressure, instead of building it as one string first. Resolves
 * with false, having stopped writing, if the response closes on the way (the client has gone)
 * or is not written within `budgetMs`: a client that stops reading would otherwise hold its
 * large-operation slot for as long as it likes, so it is disconnected instead.
 */
export async function streamAnswer(res: ServerResponse, value: unknown, budgetMs: number): Promise<boolean> {
  const timer = setTimeout(() => res.destroy(), budgetMs);
  try {
    await writeJsonInSlices(value, (chunk) => {
      if (res.destroyed) throw CLOSED;
      if (!res.write(chunk)) return drained(res);
    });
  } catch (err) {
    if (err === CLOSED) return false;
    throw err;
  } finally {
    clearTimeout(timer);
  }
  if (res.destroyed) return false;
  res.end('\n');
  return true;
}
