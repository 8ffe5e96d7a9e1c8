/**
 * Single flight: concurrent calls with the same key share one execution. The key must hold
 * everything that changes the answer, the credential included (never shared across callers
 * with different credentials). The entry goes away as soon as the call settles: this is
 * coalescing, not caching.
 *
 * Abandoning: a caller that passes its own `signal` stops waiting as soon as it aborts (its
 * promise rejects with the signal's reason). The shared execution's own signal (handed to
 * `fn`) aborts only when every caller that joined has abandoned: a reference count, so one
 * departed caller never cancels the work others still wait for. A caller without a signal
 * never abandons.
 *
 * Joining stops once a flight is `joinWithinMs` old: a later caller starts a fresh execution
 * (which later callers join in turn) and the old one goes on for its own callers. Why: an
 * exchange that hangs would otherwise be joined by every new caller until its deadline, so
 * after the backend recovered they would all still fail with it, and their late failures would
 * open the circuit on a healthy backend.
 */
export function createSingleFlight<T>({ joinWithinMs = Number.POSITIVE_INFINITY, now = Date.now }: { joinWithinMs?: number; now?: () => number } = {}) {
  interface Entry {
    promise: Promise<T>;
    controller: AbortController;
    waiters: number;
    startedAt: number;
  }
  const inFlight = new Map<string, Entry>();

  function leave(key: string, entry: Entry, reason: unknown): void {
    if (--entry.waiters > 0) return;
    // Nobody waits any more: stop the work, and let a later caller start afresh.
    if (inFlight.get(key) === entry) inFlight.delete(key);
    entry.controller.abort(reason);
  }

  function abandonable(key: string, entry: Entry, signal: AbortSignal): Promise<T> {
    if (signal.aborted) {
      // Gone before it joined: nobody may be left to observe the shared outcome, so mark it
      // handled here (an unhandled rejection would end the process).
      entry.promise.catch(() => undefined);
      leave(key, entry, signal.reason);
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        leave(key, entry, signal.reason);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  return {
    run(key: string, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): { promise: Promise<T>; shared: boolean } {
      let entry = inFlight.get(key);
      if (entry && now() - entry.startedAt > joinWithinMs) entry = undefined;
      const shared = entry !== undefined;
      if (!entry) {
        const controller = new AbortController();
        const created: Entry = { controller, waiters: 0, startedAt: now(), promise: fn(controller.signal) };
        created.promise = created.promise.finally(() => {
          if (inFlight.get(key) === created) inFlight.delete(key);
        });
        inFlight.set(key, created);
        entry = created;
      }
      entry.waiters++;
      return { promise: signal ? abandonable(key, entry, signal) : entry.promise, shared };
    },
    get size() {
      return inFlight.size;
    },
  };
}
