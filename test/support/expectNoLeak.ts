import { expect } from 'vitest';
import type { SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { TEST_API_KEY } from './startTestGateway.js';

/** Asserts that `text` (a response or a log) contains none of `forbidden`, naming the first leak. */
export function expectNoLeak(text: string, forbidden: readonly string[], where = 'response'): void {
  for (const f of forbidden) expect(text, `${where} leaks ${JSON.stringify(f)}`).not.toContain(f);
}

/**
 * What must never reach a caller about these upstreams: their URLs and ports, the test API key,
 * the credentials the gateway holds for them, and `extra` (canaries a test planted).
 */
export function upstreamSecrets(servers: readonly SimulatorServer[], credentials: readonly string[], extra: readonly string[] = []): string[] {
  return [
    ...extra,
    ...servers.map((s) => s.url),
    ...servers.map((s) => `:${new URL(s.url).port}`),
    TEST_API_KEY,
    ...credentials,
  ];
}
