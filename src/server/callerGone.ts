import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * A signal that aborts when the response's connection closes before the answer was ended:
 * the caller disconnected (or gave up), so the request's upstream calls and mapping are
 * abandoned instead of finishing for nobody.
 */
export function callerGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  // Every upstream call the request makes or joins listens on it (a cost report makes dozens);
  // each listener goes when its call settles, so many at once is expected, not a leak.
  setMaxListeners(0, controller.signal);
  res.once('close', () => {
    if (!res.writableEnded) controller.abort(new Error('The caller disconnected before the answer was sent.'));
  });
  return controller.signal;
}
