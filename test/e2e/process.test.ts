import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startIblaiSimulator, IBLAI_DEMO_TOKEN } from '../../src/simulators/iblai.js';
import type { SimulatorServer } from '../../src/simulators/startSimulatorServer.js';

// Response bodies are asserted field by field; their shape is the test's subject.
const json = async (res: Response): Promise<any> => res.json();

const ENTRY = join(process.cwd(), 'dist/src/index.js');
const API_KEY = 'process-test-key-0123456789';

interface Proc {
  child: ChildProcess;
  out: string[];
  url: Promise<string>;
  exit: Promise<number | null>;
}

function startProcess(env: Record<string, string>): Proc {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first (\`npm test\` does).`);
  const child = spawn(process.execPath, [ENTRY], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out.push(chunk.toString());
      const m = /listening on (http:\/\/[^\s/]+)/.exec(out.join(''));
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before listening: ${out.join('')}`)));
  });
  url.catch(() => {});
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out, url, exit };
}

describe('the gateway process', () => {
  const procs: Proc[] = [];
  const sims: SimulatorServer[] = [];
  afterEach(async () => {
    for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    for (const s of sims.splice(0)) await s.close();
  });

  it('serves labelled demo data with no configuration', async () => {
    const p = startProcess({});
    procs.push(p);
    const url = await p.url;
    expect(p.out.join('')).toContain('DEMO MODE');
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ gateway { demo } mentorSummary(org: "main", userId: "admin@main") { totalMentors } }' }),
    });
    const body = await json(res);
    expect(body.data.gateway.demo).toBe(true);
    expect(body.data.mentorSummary.totalMentors).toBeGreaterThan(0);
    const root = await fetch(`${url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');
    // Ctrl-C / SIGTERM stops the demo gateway and its in-process simulators promptly.
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(p.out.join('')).toContain('"msg":"stopped"');
  });

  it('answers plain GET queries, and asks for the CSRF preflight header only with CSRF_PREVENTION=on', async () => {
    const q = encodeURIComponent('{ gateway { demo } }');
    const open = startProcess({});
    procs.push(open);
    const plain = await fetch(`${await open.url}/graphql?query=${q}`);
    expect(plain.status).toBe(200);
    expect((await json(plain)).data.gateway.demo).toBe(true);
    const guarded = startProcess({ CSRF_PREVENTION: 'on' });
    procs.push(guarded);
    const url = await guarded.url;
    const blocked = await fetch(`${url}/graphql?query=${q}`);
    expect(blocked.status).toBe(400);
    const ok = await fetch(`${url}/graphql?query=${q}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect((await json(ok)).data.gateway.demo).toBe(true);
  });

  it('writes human lines with LOG_FORMAT=pretty and one JSON object a line with LOG_FORMAT=json', async () => {
    const isJsonObject = (line: string) => {
      try {
        return typeof JSON.parse(line) === 'object';
      } catch {
        return false;
      }
    };
    const pretty = startProcess({ LOG_FORMAT: 'pretty' });
    procs.push(pretty);
    await pretty.url;
    pretty.child.kill('SIGTERM');
    expect(await pretty.exit).toBe(0);
    const prettyLines = pretty.out.join('').split('\n').filter((l) => l.trim() !== '');
    expect(prettyLines.some(isJsonObject)).toBe(false);
    expect(prettyLines.find((l) => l.includes('listening on'))).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: analytics-gateway listening on http:\/\/127\.0\.0\.1:\d+\/graphql/);
    expect(prettyLines.some((l) => /WARN: DEMO MODE/.test(l))).toBe(true);
    // The transport worker is flushed before the process exits.
    expect(prettyLines.some((l) => /INFO: stopped$/.test(l))).toBe(true);

    const json = startProcess({ LOG_FORMAT: 'json' });
    procs.push(json);
    await json.url;
    json.child.kill('SIGTERM');
    expect(await json.exit).toBe(0);
    const jsonLines = json.out.join('').split('\n').filter((l) => l.trim() !== '');
    expect(jsonLines.length).toBeGreaterThan(2);
    expect(jsonLines.every(isJsonObject)).toBe(true);
    expect(jsonLines.map((l) => JSON.parse(l).msg)).toContain('stopped');
  });

  it('refuses to start on an invalid value, naming the variable', async () => {
    const p = startProcess({ IBLAI_BASE_URL: 'https://iblai.example' });
    procs.push(p);
    expect(await p.exit).toBe(2);
    expect(p.out.join('')).toContain('IBLAI_API_TOKEN is required when IBLAI_BASE_URL is set');
  });

  it('answers an unconfigured source with SOURCE_NOT_CONFIGURED and drains in-flight requests on SIGTERM', async () => {
    const sim = await startIblaiSimulator();
    sims.push(sim);
    const p = startProcess({
      IBLAI_BASE_URL: sim.url,
      IBLAI_API_TOKEN: IBLAI_DEMO_TOKEN,
      GATEWAY_API_KEYS: `process-test=${API_KEY}`,
    });
    procs.push(p);
    const url = await p.url;
    const headers = { 'content-type': 'application/json', 'x-api-key': API_KEY };
    const info = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: '{ gateway { demo configuredSources sources { source configured circuit } } }' }) });
    expect((await json(info)).data.gateway).toEqual({
      demo: false,
      configuredSources: ['IBLAI'],
      sources: [
        { source: 'IBLAI', configured: true, circuit: 'CLOSED' },
        { source: 'CALL_COUNTS', configured: false, circuit: null },
        { source: 'CALL_STATS', configured: false, circuit: null },
        { source: 'EJENTO', configured: false, circuit: null },
      ],
    });
    expect(await json(await fetch(`${url}/readyz`))).toEqual({ status: 'ready', circuits: { IBLAI: 'closed' } });

    // A field of a backend without configuration fails alone; the configured one answers.
    const partial = await json(
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: '{ callCounts { total } mentorSummary(org: "main", userId: "admin@main") { totalMentors } }' }),
      }),
    );
    expect(partial.data.callCounts).toBeNull();
    expect(partial.data.mentorSummary.totalMentors).toBeGreaterThan(0);
    expect(partial.errors).toHaveLength(1);
    expect(partial.errors[0]).toMatchObject({ path: ['callCounts'], extensions: { code: 'SOURCE_NOT_CONFIGURED', source: 'CALL_COUNTS' } });
    expect(JSON.stringify(partial)).not.toContain(sim.url);

    sim.setFault({ delayMs: 600, times: 1 });
    const inflight = fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: '{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } }' }),
    });
    await new Promise((r) => setTimeout(r, 200));
    p.child.kill('SIGTERM');
    const res = await inflight;
    expect(res.status).toBe(200);
    expect((await json(res)).data.mentorSummary.totalMentors).toBeGreaterThan(0);
    expect(await p.exit).toBe(0);
  });
});
