import { describe, expect, it } from 'vitest';
import { createSingleFlight } from '../../src/resilience/singleFlight.js';

/** A flight that ends only when told to, or when its own signal aborts. */
function controllable() {
  let settle!: (v: string) => void;
  const seen: { signal?: AbortSignal } = {};
  const fn = (signal: AbortSignal) => {
    seen.signal = signal;
    return new Promise<string>((resolve, reject) => {
      settle = resolve;
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  };
  return { fn, seen, settle: (v: string) => settle(v) };
}

describe('single flight: how long a flight may be joined', () => {
  it('joins a flight younger than joinWithinMs, and starts a fresh one for a later caller while the old one goes on', async () => {
    let t = 0;
    const flights = createSingleFlight<string>({ joinWithinMs: 1000, now: () => t });
    const old = controllable();
    const first = flights.run('k', old.fn);
    t = 900;
    expect(flights.run('k', old.fn).shared).toBe(true);
    t = 1500;
    const fresh = controllable();
    const late = flights.run('k', fresh.fn);
    expect(late.shared).toBe(false);
    t = 1600;
    // Callers after it join the fresh flight, not the old one.
    const later = flights.run('k', fresh.fn);
    expect(later.shared).toBe(true);
    fresh.settle('fresh');
    await expect(later.promise).resolves.toBe('fresh');
    await expect(late.promise).resolves.toBe('fresh');
    old.settle('old');
    await expect(first.promise).resolves.toBe('old');
    expect(flights.size).toBe(0);
  });
});

describe('single flight with abandoning callers', () => {
  it('keeps the shared work going while one caller is still waiting', async () => {
    const flights = createSingleFlight<string>();
    const f = controllable();
    const a = new AbortController();
    const b = new AbortController();
    const first = flights.run('k', f.fn, a.signal);
    const second = flights.run('k', f.fn, b.signal);
    expect(second.shared).toBe(true);
    a.abort(new Error('a left'));
    await expect(first.promise).rejects.toThrow('a left');
    expect(f.seen.signal!.aborted).toBe(false);
    f.settle('answer');
    await expect(second.promise).resolves.toBe('answer');
  });

  it('aborts the shared work once every caller has gone, and starts afresh for the next one', async () => {
    const flights = createSingleFlight<string>();
    const f = controllable();
    const a = new AbortController();
    const b = new AbortController();
    const first = flights.run('k', f.fn, a.signal);
    const second = flights.run('k', f.fn, b.signal);
    a.abort(new Error('a left'));
    b.abort(new Error('b left'));
    await expect(first.promise).rejects.toThrow('a left');
    await expect(second.promise).rejects.toThrow('b left');
    expect(f.seen.signal!.aborted).toBe(true);
    expect(flights.size).toBe(0);
    const g = controllable();
    const third = flights.run('k', g.fn);
    expect(third.shared).toBe(false);
    g.settle('fresh');
    await expect(third.promise).resolves.toBe('fresh');
  });

  it('never aborts work a caller without a signal waits for', async () => {
    const flights = createSingleFlight<string>();
    const f = controllable();
    const a = new AbortController();
    const withSignal = flights.run('k', f.fn, a.signal);
    const without = flights.run('k', f.fn);
    a.abort(new Error('a left'));
    await expect(withSignal.promise).rejects.toThrow('a left');
    expect(f.seen.signal!.aborted).toBe(false);
    f.settle('kept');
    await expect(without.promise).resolves.toBe('kept');
  });
});

describe('single flight and a caller that was gone before it joined', () => {
  it('leaves no unhandled rejection behind when the abandoned work fails', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const flights = createSingleFlight<string>();
      const gone = new AbortController();
      gone.abort(new Error('left before the call'));
      const f = controllable();
      const ticket = flights.run('k', f.fn, gone.signal);
      await expect(ticket.promise).rejects.toThrow('left before the call');
      expect(f.seen.signal!.aborted).toBe(true);
      // Let the aborted work's rejection travel, and Node's unhandled-rejection check run.
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
