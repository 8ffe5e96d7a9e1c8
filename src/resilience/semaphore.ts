/**
 * Caps work in flight (upstream calls per source, large operations). A waiter gives up at its
 * deadline, or when its signal aborts, and leaves the queue.
 */
export interface Semaphore {
  /** Resolves true with a slot, false when `deadline` passed (or `signal` aborted) first. */
  acquire(deadline: number, now?: number, signal?: AbortSignal): Promise<boolean>;
  release(): void;
  readonly inFlight: number;
  readonly waiting: number;
}

export function createSemaphore(max: number): Semaphore {
  let inFlight = 0;
  const queue: Array<(ok: boolean) => void> = [];
  return {
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return queue.length;
    },
    acquire(deadline, now = Date.now(), signal) {
      if (signal?.aborted) return Promise.resolve(false);
      if (inFlight < max) {
        inFlight++;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const leave = () => {
          const i = queue.indexOf(grant);
          if (i >= 0) queue.splice(i, 1);
          grant(false);
        };
        const timer = setTimeout(leave, Math.max(0, deadline - now));
        const grant = (ok: boolean) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', leave);
          resolve(ok);
        };
        signal?.addEventListener('abort', leave, { once: true });
        queue.push(grant);
      });
    },
    release() {
      const next = queue.shift();
      if (next) next(true); // the slot passes straight to the next waiter
      else inFlight--;
    },
  };
}
