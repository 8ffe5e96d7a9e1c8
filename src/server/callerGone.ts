import type { ServerResponse } from 'node:http';

/**
 * A signal that aborts when the response's connection closes before the answer was ended:
 * the caller disconnected (or gave up), so the request's upstream calls and mapping are
 * abandoned instead of finishing for nobody.
 */
export function callerGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableEnded) controller.abort(new Error('The caller disconnected before the answer was sent.'));
  });
  return controller.signal;
}
