import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, noChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectExamples } from '../../graphiql/src/examples.js';
import { withMatchingOperationName } from '../../graphiql/src/fetcher.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createLogger } from '../../src/logger.js';
import { createGraphiqlHandler } from '../../src/server/graphiql.js';
import { startGateway, type RunningGateway } from '../../src/server/startGateway.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE_INDEX = join(ROOT, 'dist', 'graphiql', 'index.html');
const NO_CHROMIUM = noChromium('GraphiQL');
const hasBundle = existsSync(BUNDLE_INDEX);
const MISSING_BUNDLE = `The GraphiQL bundle is missing (${BUNDLE_INDEX}): run \`npm run build:graphiql\` first (\`npm test\` builds it).`;

// Preconditions as tests of their own, so that a missing bundle or (under CI) a missing browser
// is a counted, named failure rather than a hook error, and a skip says why.
describe('GraphiQL test preconditions', () => {
  it('finds the built bundle in dist/graphiql', () => {
    if (!hasBundle) throw new Error(MISSING_BUNDLE);
  });
  if (hasChromium) return;
  if (process.env.CI === 'true') {
    it('finds Chromium (required under CI)', () => {
      throw new Error(NO_CHROMIUM);
    });
  } else {
    console.warn(`[graphiql.test] browser tests skipped: ${NO_CHROMIUM}`);
    it.skip(`browser tests skipped: ${NO_CHROMIUM}`, () => {});
  }
});

/** A raw GET whose path is sent exactly as written (fetch would normalize `..` away). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET', headers: { accept: 'text/html,*/*' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The visible text of a Monaco editor (it renders spaces as no-break spaces). */
async function editorText(page: Page, container: string): Promise<string> {
  return (await page.locator(`${container} .view-lines`).innerText()).replace(/\u00a0/g, ' ');
}

const responseText = (page: Page) => editorText(page, '.graphiql-response');

/** Replaces the active tab's request headers the way a user would: typing into the Headers editor. */
async function setHeaders(page: Page, headers: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: 'Headers', exact: true }).click();
  await page.locator('.graphiql-editor-tool .monaco-editor').last().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText, not type: Monaco would auto-close every typed brace and quote.
  await page.keyboard.insertText(JSON.stringify(headers));
}

/** Opens the tab titled `title`, optionally sets its headers, runs it and waits for `expected`. */
async function runTab(page: Page, title: string, expected: RegExp, headers?: Record<string, string>): Promise<string> {
  // Monaco loads lazily; a tab switch before the editors exist is lost, as it would be for a user.
  await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 15_000 }).toMatch(/\S/);
  await page.locator('.graphiql-tab', { hasText: title }).first().click();
  await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 15_000 }).toContain(`# ${title}`);
  if (headers) await setHeaders(page, headers);
  await page.locator('.graphiql-execute-button').click();
  await expect.poll(() => responseText(page), { timeout: 15_000 }).toMatch(expected);
  return responseText(page);
}

describe('GraphiQL fetcher', () => {
  it("replaces a stale operation name (the previous tab's) by the document's only operation", () => {
    expect(withMatchingOperationName({ query: 'query MentorSummary { gateway { demo } }', operationName: 'UserCosts' })).toEqual({
      query: 'query MentorSummary { gateway { demo } }',
      operationName: 'MentorSummary',
    });
    expect(withMatchingOperationName({ query: '{ gateway { demo } }', operationName: 'UserCosts' }).operationName).toBeUndefined();
  });

  it('keeps a name the document defines, a choice among several operations, and unparsable documents as they are', () => {
    const two = { query: 'query A { gateway { demo } } query B { gateway { demo } }', operationName: 'B' };
    expect(withMatchingOperationName(two)).toBe(two);
    const ambiguous = { query: 'query A { gateway { demo } } query B { gateway { demo } }', operationName: 'C' };
    expect(withMatchingOperationName(ambiguous)).toBe(ambiguous);
    const broken = { query: 'query A {', operationName: 'Z' };
    expect(withMatchingOperationName(broken)).toBe(broken);
  });
});

describe('GraphiQL example files', () => {
  it('pairs each operation with its variables, titles it by its first-line comment and orders by file name', () => {
    const examples = collectExamples(
      {
        './examples/20-b.graphql': '# call-counts: by label\nquery B { gateway { demo } }\n',
        './examples/10-a.graphql': 'query A { gateway { demo } }',
        './examples/11-empty.graphql': '  \n',
      },
      { './examples/20-b.json': ' { "first": 3 }\n', './examples/99-orphan.json': '{}' },
    );
    expect(examples).toEqual([
      { id: '10-a', title: '10-a', query: 'query A { gateway { demo } }\n', variables: null },
      { id: '20-b', title: 'call-counts: by label', query: '# call-counts: by label\nquery B { gateway { demo } }\n', variables: '{ "first": 3 }' },
    ]);
  });
});

describe.skipIf(!hasBundle)('GraphiQL served by the gateway over HTTP', () => {
  let gw: TestGateway;
  let html = '';
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers a browser GET of /graphql with the page, a strict CSP and no caching', async () => {
    const res = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('vary')).toContain('Accept');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(html).toContain('<title>analytics-gateway');
    expect(html).toMatch(/src="\/graphiql\/assets\/[^"]+\.js"/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('leaves GraphQL GETs with a query and every POST to Apollo', async () => {
    const get = await fetch(`${gw.url}/graphql?query=${encodeURIComponent('{ gateway { demo } }')}`, {
      headers: { accept: 'text/html,application/json', 'x-api-key': TEST_API_KEY },
    });
    expect(get.headers.get('content-type')).toContain('application/json');
    expect(await get.json()).toEqual({ data: { gateway: { demo: false } } });
    const persistedQuery = { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } };
    const persisted = await fetch(`${gw.url}/graphql?extensions=${encodeURIComponent(JSON.stringify(persistedQuery))}`, {
      headers: { accept: 'text/html,application/json', 'x-api-key': TEST_API_KEY },
    });
    expect(persisted.headers.get('content-type')).toContain('application/json');
    const post = await gw.query('{ gateway { demo } }', undefined, { accept: 'text/html, application/json' });
    expect(post.body).toEqual({ data: { gateway: { demo: false } } });
    const plain = await fetch(`${gw.url}/graphql`, { headers: { accept: 'application/json' } });
    expect(plain.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  it('serves hashed assets compressed, cacheable for a year, and revalidates by ETag', async () => {
    const src = /src="(\/graphiql\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(src).toBeDefined();
    const res = await fetch(`${gw.url}${src}`, { headers: { 'accept-encoding': 'gzip' } });
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(body.length).toBeGreaterThan(10_000);
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${gw.url}${src}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const missing = await fetch(`${gw.url}/graphiql/assets/nope-12345678.js`);
    expect(missing.status).toBe(404);
  });

  it('refuses paths that try to leave the bundle folder', async () => {
    for (const path of [
      '/graphiql/../package.json',
      '/graphiql/%2e%2e/%2e%2e/package.json',
      '/graphiql/assets/..%2f..%2f..%2fpackage.json',
      '/graphiql/..%5c..%5cpackage.json',
      '/graphiql/%2fetc%2fpasswd',
      '/graphiql/assets/%00.js',
      '/graphiql/assets/%E0%A4%A',
    ]) {
      const res = await rawGet(gw.url, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('"devDependencies"');
      expect(res.body, path).not.toContain('root:');
    }
  });
});

describe('GraphiQL before and after the bundle is built', () => {
  let server: Server;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'graphiql-missing-'));
    const handler = createGraphiqlHandler({ distDir: join(dir, 'graphiql') });
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!handler(req, res, path)) {
        res.writeHead(404);
        res.end('not ours');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells the browser to run npm run build, and leaves everything else alone', async () => {
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('npm run build');
    expect((await fetch(`${url}/graphiql/assets/index-12345678.js`)).status).toBe(404);
    const api = await fetch(`${url}/graphql`, { method: 'POST', headers: { accept: 'text/html' } });
    expect(await api.text()).toBe('not ours');
  });

  it('serves the bundle once it has been built, without a restart', async () => {
    mkdirSync(join(dir, 'graphiql', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'graphiql', 'index.html'), '<!doctype html><title>built</title><script type="module" src="/graphiql/assets/main-AbCd1234.js"></script>');
    writeFileSync(join(dir, 'graphiql', 'assets', 'main-AbCd1234.js'), 'console.log(1)');
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>built</title>');
    const js = await fetch(`${url}/graphiql/assets/main-AbCd1234.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
  });
});

describe.skipIf(!hasBundle || !hasChromium)('GraphiQL in headless Chromium', () => {
  let browser: Browser;
  let gw: TestGateway;
  let demo: RunningGateway | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    gw = await startTestGateway({ env: { INTROSPECTION: 'true' } });
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await demo?.stop(1000);
  });

  it('runs the iblai examples against the simulators and never leaves 127.0.0.1', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    const graphqlContentTypes = new Set<string>();
    page.on('request', (r) => {
      requests.push(r.url());
      if (r.method() === 'POST') graphqlContentTypes.add(r.headers()['content-type'] ?? '');
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(`${gw.url}/graphql`);
    expect(await page.title()).toMatch(/analytics-gateway/);
    // Every examples/*.graphql is a tab titled by its first-line comment; iblai's come first.
    await page.locator('.graphiql-tab', { hasText: 'iblai: user costs over a week' }).waitFor({ timeout: 15_000 });

    // Live mode wants a credential: the first run shows the gateway's error, the second one,
    // with the key typed into the Headers editor, the simulators' data.
    await runTab(page, 'iblai: user costs over a week', /"code": "UNAUTHENTICATED"/);
    const key = { 'x-api-key': TEST_API_KEY };
    const costs = await runTab(page, 'iblai: user costs over a week', /"username": "[a-z]+"/, key);
    expect(costs).toMatch(/"amount": "\d+\.\d+"/);
    expect(costs).toContain('"effectiveRange"');
    const summary = await runTab(page, 'iblai: mentor summary', /"totalMentors": \d+/, key);
    expect(summary).not.toContain('"errors"');
    // Titles come from the examples' first-line comments and survive running them.
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual(expect.arrayContaining(['iblai: user costs over a week', 'iblai: mentor summary']));
    if (process.env.GRAPHIQL_SCREENSHOT) await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT });

    expect(requests.length).toBeGreaterThan(5);
    const elsewhere = requests.filter((u) => !u.startsWith(`${gw.url}/`));
    expect(elsewhere).toEqual([]);
    expect(requests.every((u) => new URL(u).hostname === '127.0.0.1')).toBe(true);
    expect([...graphqlContentTypes]).toEqual(['application/json']);
    // No Demo data banner: the test gateway runs live against the simulators.
    await expect.poll(() => page.locator('.ag-demo').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("keeps a returning user's tabs and adds only the examples that are new to them", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // A visit before the mentor-summary example existed: one example seen, one tab of the user's own.
    const mine = { id: 'mine', title: 'Mine', query: 'query Mine { gateway { version } }', variables: null, headers: null, operationName: 'Mine', response: null };
    const stored = {
      'graphiql:tabState': JSON.stringify({ activeTabIndex: 0, tabs: [mine] }),
      'graphiql:query': mine.query,
      'analytics-gateway:examplesSeen': JSON.stringify(['10-iblai-user-costs']),
    };
    // Runs in the page before its scripts (a string: this file is type-checked without DOM types).
    await page.addInitScript(`if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      for (const [k, v] of Object.entries(${JSON.stringify(stored)})) localStorage.setItem(k, v);
    }`);
    await page.goto(`${gw.url}/graphql`);
    await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 15_000 }).toContain('query Mine');
    const titles = await page.locator('.graphiql-tab').allInnerTexts();
    expect(titles[0]).toBe('Mine');
    expect(titles).toContain('iblai: mentor summary');
    expect(titles).not.toContain('iblai: user costs over a week');
    // A reload adds nothing twice.
    await page.reload();
    await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 15_000 }).toContain('query Mine');
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual(titles);
    await page.close();
  }, 60_000);

  it('shows a Demo data banner when the gateway serves built-in demo data', async () => {
    const logs = new Writable({ write: (_c, _e, cb) => cb() });
    demo = await startGateway({ config: loadConfig({ PORT: '0', HOST: '127.0.0.1' }), logger: createLogger('silent', logs) });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${demo.url}/graphql`);
    await expect.poll(() => page.locator('.ag-demo').textContent(), { timeout: 15_000 }).toBe('Demo data');
    // `npm start` out of the box: demo mode needs no credential, the examples just run.
    await runTab(page, 'iblai: mentor summary', /"totalMentors": \d+/);
    expect(await responseText(page)).toContain('"demo": true');
    if (process.env.GRAPHIQL_SCREENSHOT) await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT.replace(/(\.png)?$/, '-demo.png') });
    await page.close();
  }, 60_000);
});
