/**
 * A circuit breaker per source: after `failures` consecutive failures it opens for `openMs`
 * (calls fail fast), then lets one probe through (half-open); the probe's success closes it,
 * its failure opens it again. `failures` 0 turns it off.
 */
/** Where a source's circuit is: closed (calls go out), open (fail fast), half-open (one probe). */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  /** Whether a call may go out now (claims the half-open probe when it is free). */
  allow(): boolean;
  success(): void;
  failure(): void;
  /**
   * A call that was allowed but gave no health signal (it never went out, e.g. no concurrency
   * slot before its deadline): a half-open probe slot is freed for the next call.
   */
  release(): void;
  readonly state: CircuitState;
}

export function createCircuitBreaker({ failures, openMs, now = Date.now }: { failures: number; openMs: number; now?: () => number }): CircuitBreaker {
  let consecutive = 0;
  let openedAt = 0;
  let state: CircuitBreaker['state'] = 'closed';
  let probing = false;
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
        return true;
      }
      return false;
    },
    success() {
      consecutive = 0;
      probing = false;
      state = 'closed';
    },
    failure() {
      consecutive++;
      if (failures <= 0) return;
      if (state === 'half-open' || consecutive >= failures) {
        state = 'open';
        openedAt = now();
      }
      probing = false;
    },
    release() {
      probing = false;
    },
  };
}
