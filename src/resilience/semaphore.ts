/**
 * Caps in-flight upstream calls per source. A waiter gives up at its deadline (the caller then
 * answers UPSTREAM_TIMEOUT) and leaves the queue.
 */
export interface Semaphore {
  /** Resolves true with a slot, false when `deadline` passed first. */
  acquire(deadline: number, now?: number): Promise<boolean>;
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
    acquire(deadline, now = Date.now()) {
      if (inFlight < max) {
        inFlight++;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          const i = queue.indexOf(grant);
          if (i >= 0) queue.splice(i, 1);
          resolve(false);
        }, Math.max(0, deadline - now));
        const grant = (ok: boolean) => {
          clearTimeout(timer);
          resolve(ok);
        };
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
