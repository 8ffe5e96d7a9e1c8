import { HeaderMap } from '@apollo/server';
import { ErrorCode, GatewayError } from '../errors.js';

/** Lets at most `concurrency` large operations run at once; the others wait in arrival order. */
export interface LargeOperationGate {
  /**
   * Resolves with a release function once a slot is free. Rejects with RATE_LIMITED (HTTP 429)
   * once `deadline` (epoch ms) passes while waiting, or with the signal's reason once the caller
   * has gone. The release function may be called more than once.
   */
  acquire(deadline: number, signal?: AbortSignal): Promise<() => void>;
  /** Large operations running now, and waiting. */
  readonly running: number;
  readonly waiting: number;
}

interface Waiter {
  grant: (release: () => void) => void;
}

/**
 * Why: an answer near MAX_RESULT_CELLS costs tens of milliseconds of event-loop time in slices.
 * Twenty of them at once interleave their slices, so a health probe (or a small operation)
 * waits behind all twenty, and their intermediate objects add up in memory. Running two at a
 * time keeps both the wait and the memory bounded; the total work and throughput are the same.
 */
export function createLargeOperationGate(concurrency: number): LargeOperationGate {
  let running = 0;
  const queue: Waiter[] = [];

  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      if (next) next.grant(releaser());
      else running--;
    };
  };

  return {
    acquire(deadline, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (running < concurrency) {
        running++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          grant: (release) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        const leave = (err: unknown) => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          signal?.removeEventListener('abort', onAbort);
          clearTimeout(timer);
          reject(err);
        };
        const onAbort = () => leave(signal!.reason);
        const timer = setTimeout(
          () =>
            leave(
              new GatewayError(ErrorCode.RATE_LIMITED, 'The gateway is answering too many large operations at once: retry in a moment, or ask for a smaller answer.', {
                retryAfter: 1,
                http: { status: 429, headers: new HeaderMap([['retry-after', '1']]) },
              }),
            ),
          Math.max(0, deadline - Date.now()),
        );
        timer.unref?.();
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}
