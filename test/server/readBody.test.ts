import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClientAbort, readBody } from '../../src/server/readBody.js';

/** A real server whose handler reads the body with a 64-byte limit and reports what it got. */
describe('readBody', () => {
  let server: Server;
  let port = 0;
  const outcomes: Array<{ value?: unknown; error?: string; clientAbort?: boolean }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      readBody(req, res, 64).then(
        (value) => {
          outcomes.push({ value });
          if (value !== undefined) res.end(JSON.stringify({ value }));
        },
        (err: Error) => outcomes.push({ error: err.message, clientAbort: isClientAbort(req) }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** Sends `chunks` one write at a time (chunked transfer encoding: no content-length). */
  const send = (chunks: Buffer[], contentType = 'application/json') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/', headers: { 'content-type': contentType } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      (async () => {
        for (const c of chunks) {
          req.write(c);
          await new Promise((r) => setTimeout(r, 5));
        }
        req.end();
      })();
    });

  it('joins a body sent in several chunks, a multi-byte character split across two of them', async () => {
    const bytes = Buffer.from(JSON.stringify({ q: 'café €' }), 'utf8');
    const euro = bytes.indexOf(0xe2); // the first byte of '€' (3 bytes in UTF-8)
    const res = await send([bytes.subarray(0, euro + 1), bytes.subarray(euro + 1, euro + 2), bytes.subarray(euro + 2)]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ value: { q: 'café €' } });
  });

  it('answers 413 once a body without content-length passes the limit', async () => {
    const res = await send([Buffer.from('{"q":"'), Buffer.alloc(80, 'a'), Buffer.from('"}')]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('rejects (a client abort, not a crash or a hang) when the client goes away mid-body', async () => {
    const before = outcomes.length;
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/', headers: { 'content-type': 'application/json' } });
    req.on('error', () => {});
    req.write('{"q":');
    await new Promise((r) => setTimeout(r, 50));
    req.destroy();
    const until = Date.now() + 3000;
    while (outcomes.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(outcomes.slice(before)).toEqual([expect.objectContaining({ clientAbort: true, error: expect.any(String) })]);
  });
});
