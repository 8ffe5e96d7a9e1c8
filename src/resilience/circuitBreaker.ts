/**
 * A circuit breaker per source: after `failures` consecutive failures it opens for `openMs`
 * (calls fail fast), then lets one probe through (half-open); the probe's success closes it,
 * its failure opens it again. `failures` 0 turns it off.
 *
 * The open window counts from the moment the circuit opened: calls sent before that (still in
 * flight, e.g. timing out late) report failures that neither extend the window nor count as
 * the probe's. Callers say when their call was allowed (`sentAt`) so a half-open circuit can
 * tell the probe's outcome from a late one.
 */
/** Where a source's circuit is: closed (calls go out), open (fail fast), half-open (one probe). */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  /** Whether a call may go out now (claims the half-open probe when it is free). */
  allow(): boolean;
  success(): void;
  /** A failed call; `sentAt` is the clock reading right after its `allow()` (default: now). */
  failure(sentAt?: number): void;
  /**
   * A call that was allowed but gave no health signal (it never went out, e.g. no concurrency
   * slot before its deadline): a half-open probe slot is freed for the next call.
   */
  release(sentAt?: number): void;
  readonly state: CircuitState;
}

export function createCircuitBreaker({ failures, openMs, now = Date.now }: { failures: number; openMs: number; now?: () => number }): CircuitBreaker {
  let consecutive = 0;
  let openedAt = 0;
  let state: CircuitBreaker['state'] = 'closed';
  let probing = false;
  /** When the current probe was allowed: calls allowed before it are not the probe. */
  let probeAt = 0;
  const isProbe = (sentAt: number | undefined) => state === 'half-open' && probing && (sentAt === undefined || sentAt >= probeAt);
  return {
    get state() {
      if (state === 'open' && now() - openedAt >= openMs) return 'half-open';
      return state;
    },
    allow() {
      if (failures <= 0 || state === 'closed') return true;
      if (state === 'open' && now() - openedAt >= openMs) state = 'half-open';
      if (state === 'half-open' && !probing) {
        probing = true;
        probeAt = now();
        return true;
      }
      return false;
    },
    success() {
      consecutive = 0;
      probing = false;
      state = 'closed';
    },
    failure(sentAt) {
      consecutive++;
      if (failures <= 0) return;
      if (state === 'closed') {
        if (consecutive >= failures) {
          state = 'open';
          openedAt = now();
        }
        return;
      }
      // Open: the window keeps counting from its opening. Half-open: only the probe's failure
      // re-opens (a new window from now).
      if (isProbe(sentAt)) {
        state = 'open';
        openedAt = now();
        probing = false;
      }
    },
    release(sentAt) {
      if (isProbe(sentAt)) probing = false;
    },
  };
}
