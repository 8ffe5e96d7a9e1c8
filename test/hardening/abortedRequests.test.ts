import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

describe('a client that aborts mid-body', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  /** Log lines (parsed) of one request id, once the gateway wrote any; waits at most ~3 s. */
  const linesOf = async (requestId: string) => {
    for (let i = 0; i < 150; i++) {
      const lines = gw.logs.map((l) => JSON.parse(l) as { level: number; requestId?: string; msg: string }).filter((l) => l.requestId === requestId);
      if (lines.length > 0) {
        await new Promise((r) => setTimeout(r, 100)); // anything else it would write for this request
        return gw.logs.map((l) => JSON.parse(l) as { level: number; requestId?: string; msg: string }).filter((l) => l.requestId === requestId);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return [];
  };

  it('is logged once, at debug, and never at warn or error', async () => {
    const { port } = new URL(gw.url);
    const requestId = 'aborted-mid-body-1';
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nx-api-key: ${TEST_API_KEY}\r\n` +
        `x-request-id: ${requestId}\r\nContent-Length: 1000\r\n\r\n{"query":"`,
    );
    await new Promise((r) => setTimeout(r, 100)); // the gateway is now reading the body
    socket.destroy();
    const lines = await linesOf(requestId);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.filter((l) => l.level === 20)).toHaveLength(1);
    expect(lines).toHaveLength(1);
    // The gateway still serves.
    expect((await gw.query('{ gateway { demo } }')).status).toBe(200);
  });
});
