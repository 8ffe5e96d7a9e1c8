/**
 * Single flight: concurrent calls with the same key share one execution. The key must hold
 * everything that changes the answer, the credential included (never shared across callers
 * with different credentials). The entry goes away as soon as the call settles: this is
 * coalescing, not caching.
 */
export function createSingleFlight<T>() {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run(key: string, fn: () => Promise<T>): { promise: Promise<T>; shared: boolean } {
      const hit = inFlight.get(key);
      if (hit) return { promise: hit, shared: true };
      const promise = fn().finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return { promise, shared: false };
    },
    get size() {
      return inFlight.size;
    },
  };
}
