import { HeaderMap } from '@apollo/server';
import { ErrorCode, GatewayError } from '../errors.js';
import { createSemaphore } from '../resilience/semaphore.js';

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

const busy = () =>
  new GatewayError(ErrorCode.RATE_LIMITED, 'The gateway is answering too many large operations at once: retry in a moment, or ask for a smaller answer.', {
    retryAfter: 1,
    http: { status: 429, headers: new HeaderMap([['retry-after', '1']]) },
  });

/**
 * Why: an answer near MAX_RESULT_CELLS costs tens of milliseconds of event-loop time in slices.
 * Twenty of them at once interleave their slices, so a health probe (or a small operation)
 * waits behind all twenty, and their intermediate objects add up in memory. Running two at a
 * time keeps both the wait and the memory bounded; the total work and throughput are the same.
 */
export function createLargeOperationGate(concurrency: number): LargeOperationGate {
  const slots = createSemaphore(concurrency);
  return {
    async acquire(deadline, signal) {
      if (!(await slots.acquire(deadline, Date.now(), signal))) throw signal?.aborted ? signal.reason : busy();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        slots.release();
      };
    },
    get running() {
      return slots.inFlight;
    },
    get waiting() {
      return slots.waiting;
    },
  };
}
