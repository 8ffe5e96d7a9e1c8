/**
 * A circuit breaker per source: after `failures` consecutive failures it opens for `openMs`
 * (calls fail fast), then lets one probe through (half-open); the probe's success closes it,
 * its failure opens it again. `failures` 0 turns it off.
 */
export interface CircuitBreaker {
  /** Whether a call may go out now (claims the half-open probe when it is free). */
  allow(): boolean;
  success(): void;
  failure(): void;
  /** A call that was allowed but ended without telling success from failure (e.g. the caller's 4xx). */
  release(): void;
  readonly state: 'closed' | 'open' | 'half-open';
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
      if (state === 'half-open') {
        // The probe reached the backend and it answered: that is health.
        probing = false;
        state = 'closed';
        consecutive = 0;
      }
    },
  };
}
