import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQuery, createHttpSource, type QueryValue } from '../../src/sources/http.js';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulators/startSimulatorServer.js';

/** What the query string was before the fast path: URLSearchParams, pair by pair. */
function reference(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const AWKWARD = ['', ' ', 'a b', 'a+b', 'a&b=c', '100%', '#frag', '?q', '/path', "~!'()*-._", 'café', '日本', '😀', '\ud800', 'x\ny', 'Zz09'];

describe('the upstream query string', () => {
  it('is byte for byte what URLSearchParams writes, for safe and awkward keys and values', () => {
    const cases: Array<Record<string, QueryValue>> = [
      {},
      { skip: undefined, none: null },
      { agent_id: Array.from({ length: 50 }, (_, i) => String(i + 1)), type: 'fixed', days: 30, limit: 50 },
      { start: '2026-12-01T00:00:00.000Z', flag: true, n: -1.5, empty: [] },
      ...AWKWARD.map((s) => ({ [s || 'k']: s, ids: [s, 1, s] })),
    ];
    for (const q of cases) expect(buildQuery(q)).toBe(reference(q));
  });

  describe('through a real backend', () => {
    let sim: SimulatorServer;
    beforeAll(async () => {
      sim = await startSimulatorServer({ handler: () => ({ status: 200, body: { ok: true } }) });
    });
    afterAll(() => sim.close());

    it('arrives as the values that were sent', async () => {
      const http = createHttpSource({ source: 'IBLAI', baseUrl: sim.url });
      const ids = ['a b', 'x&y=z', 'café', '7'];
      await http.request({ method: 'GET', path: 'q', query: { id: ids, 'odd key': '100%' }, headers: {}, deadline: Date.now() + 2000 });
      const seen = sim.requests[0]!.url.searchParams;
      expect(seen.getAll('id')).toEqual(ids);
      expect(seen.get('odd key')).toBe('100%');
      await http.close();
    });
  });
});
