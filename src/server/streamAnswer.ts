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
 * with false, having stopped writing, if the response closes on the way (the client has gone).
 */
export async function streamAnswer(res: ServerResponse, value: unknown): Promise<boolean> {
  try {
    await writeJsonInSlices(value, (chunk) => {
      if (res.destroyed) throw CLOSED;
      if (!res.write(chunk)) return drained(res);
    });
  } catch (err) {
    if (err === CLOSED) return false;
    throw err;
  }
  if (res.destroyed) return false;
  res.end('\n');
  return true;
}
