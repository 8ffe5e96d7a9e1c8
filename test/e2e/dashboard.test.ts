import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, noChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bucketLabeler,
  COST_REPORT_QUERY,
  rangeOfDates,
  stackedSeries,
  sumDecimals,
  toCostTable,
  type CostReport,
} from '../../dashboard/src/report.js';
import { createDashboardHandler, DASHBOARD_CSP } from '../../src/server/dashboard.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE_INDEX = join(ROOT, 'dist', 'dashboard', 'index.html');
const NO_CHROMIUM = noChromium('dashboard');
const hasBundle = existsSync(BUNDLE_INDEX);
const MISSING_BUNDLE = `The dashboard bundle is missing (${BUNDLE_INDEX}): run \`npm run build:dashboard\` first (\`npm test\` builds it).`;
/** Where the costReport screenshot goes (DASHBOARD_SCREENSHOT overrides). */
const SCREENSHOT = process.env.DASHBOARD_SCREENSHOT ?? join(tmpdir(), 'analytics-gateway-dashboard.png');

describe('dashboard test preconditions', () => {
  it('finds the built bundle in dist/dashboard', () => {
    if (!hasBundle) throw new Error(MISSING_BUNDLE);
  });
  if (hasChromium) return;
  if (process.env.CI === 'true') {
    it('finds Chromium (required under CI)', () => {
      throw new Error(NO_CHROMIUM);
    });
  } else {
    console.warn(`[dashboard.test] browser tests skipped: ${NO_CHROMIUM}`);
    it.skip(`browser tests skipped: ${NO_CHROMIUM}`, () => {});
  }
});

/** A report the way the gateway answers it, for the page's pure parts. */
function sampleReport(): CostReport {
  const money = (amount: string) => ({ amount, currency: 'USD' });
  return {
    timezone: 'America/New_York',
    bucket: 'HOUR',
    effectiveRange: { start: '2026-11-01T05:00:00Z', end: '2026-11-01T07:00:00Z' },
    buckets: [
      { start: '2026-11-01T05:00:00Z', end: '2026-11-01T06:00:00Z', total: money('0.30'), bySource: [{ source: 'IBLAI', cost: money('0.1') }, { source: 'CALL_STATS', cost: money('0.20') }] },
      { start: '2026-11-01T06:00:00Z', end: '2026-11-01T07:00:00Z', total: money('0.005'), bySource: [{ source: 'IBLAI', cost: money('0.005') }, { source: 'EJENTO', cost: null }] },
    ],
    total: money('0.305'),
    sources: [
      { source: 'IBLAI', status: 'EXACT', reason: null, code: null },
      { source: 'CALL_STATS', status: 'APPROXIMATE', reason: 'hourly data', code: null },
    ],
  };
}

describe('dashboard report helpers', () => {
  it('adds exact decimal strings without floating-point drift', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['0.00150', '2', '-0.0015'])).toBe('2.00000');
    expect(sumDecimals(['-1.5', '0.25'])).toBe('-1.25');
    expect(sumDecimals([])).toBe('0');
  });

  it('labels the two 01:00 hours of the New York fall-back night by their zone names', () => {
    const hour = bucketLabeler('America/New_York', 'HOUR');
    expect(hour('2026-11-01T05:00:00Z')).toBe('2026-11-01 01:00 EDT');
    expect(hour('2026-11-01T06:00:00Z')).toBe('2026-11-01 01:00 EST');
    expect(bucketLabeler('Asia/Kolkata', 'DAY')('2026-10-31T18:30:00Z')).toBe('Sun 2026-11-01');
    expect(bucketLabeler('Europe/Berlin', 'WEEK')('2026-10-25T23:00:00Z')).toBe('week of 2026-10-26');
    expect(bucketLabeler('UTC', 'MONTH')('2028-02-01T00:00:00Z')).toBe('2028-02');
  });

  it('turns dates on the chosen calendar into a half-open range through the last day', () => {
    expect(rangeOfDates('2026-11-01', '2026-11-01', 'America/New_York')).toEqual({ start: '2026-11-01T04:00:00Z', end: '2026-11-02T05:00:00Z' });
    expect(rangeOfDates('2026-11-02', '2026-11-01', 'Asia/Kolkata')).toEqual({ start: '2026-10-31T18:30:00Z', end: '2026-11-02T18:30:00Z' });
  });

  it('builds one row per bucket and one column per source, with exact column sums and the report total', () => {
    const table = toCostTable(sampleReport());
    expect(table.sources).toEqual(['IBLAI', 'CALL_STATS', 'EJENTO']);
    expect(table.rows.map((r) => [r.label, ...r.cells, r.total])).toEqual([
      ['2026-11-01 01:00 EDT', '0.1', '0.20', null, '0.30'],
      ['2026-11-01 01:00 EST', '0.005', null, null, '0.005'],
    ]);
    expect(table.footer).toEqual({ cells: ['0.105', '0.20', null], total: '0.305' });
    // Stacks: each series adds the next source on top of the ones before it.
    expect(stackedSeries(table)).toEqual([
      [0.1, 0.005],
      [0.1 + 0.2, 0.005],
      [0.1 + 0.2, 0.005],
    ]);
  });

  it('sends a document that parses and names the operation it runs', () => {
    const doc = parse(COST_REPORT_QUERY);
    expect(doc.definitions.map((d) => ('name' in d ? d.name?.value : undefined))).toEqual(['CostReport']);
  });
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

describe.skipIf(!hasBundle)('dashboard served by the gateway over HTTP', () => {
  let gw: TestGateway;
  let html = '';
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers /dashboard and /dashboard/ with the page, a strict CSP and no caching', async () => {
    for (const path of ['/dashboard', '/dashboard/']) {
      const res = await fetch(`${gw.url}${path}`);
      html = await res.text();
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toBe(DASHBOARD_CSP);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toMatch(/https?:|\*|unsafe-/);
    }
    expect(html).toContain('<title>analytics-gateway');
    expect(html).toMatch(/src="\/dashboard\/assets\/[^"]+\.js"/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('serves hashed assets compressed and cacheable for a year, and nothing it does not have', async () => {
    const src = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(src).toBeDefined();
    const res = await fetch(`${gw.url}${src}`, { headers: { 'accept-encoding': 'gzip' } });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect((await fetch(`${gw.url}/dashboard/assets/nope-12345678.js`)).status).toBe(404);
    expect((await fetch(`${gw.url}/dashboard/index.html`)).status).toBe(404);
    expect((await fetch(`${gw.url}/dashboard`, { method: 'POST' })).status).toBe(404);
    // GraphiQL's files are not reachable under the dashboard's prefix and vice versa.
    expect((await fetch(`${gw.url}/graphiql${src!.slice('/dashboard'.length)}`)).status).toBe(404);
  });

  it('refuses paths that try to leave the bundle folder', async () => {
    for (const path of ['/dashboard/../package.json', '/dashboard/%2e%2e/%2e%2e/package.json', '/dashboard/assets/..%2f..%2f..%2fpackage.json', '/dashboard/%00']) {
      const res = await rawGet(gw.url, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('"devDependencies"');
    }
  });
});

describe('dashboard before its bundle is built', () => {
  let server: Server;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-missing-'));
    const handler = createDashboardHandler({ distDir: join(dir, 'dashboard') });
    server = createServer((req, res) => {
      if (!handler(req, res, new URL(req.url ?? '/', 'http://x').pathname)) {
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

  it('tells the browser which npm script builds it, and leaves other paths alone', async () => {
    const page = await fetch(`${url}/dashboard`);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(await page.text()).toContain('npm run build:dashboard');
    expect(await (await fetch(`${url}/graphql`)).text()).toBe('not ours');
  });
});

/** The table as shown: each body row's bucket, per-source cells and total, and the footer. */
interface ShownTable {
  rows: Array<{ start: string; end: string; label: string; cells: Record<string, string>; total: string }>;
  footerTotal: string;
}

async function shownTable(page: Page): Promise<ShownTable> {
  // A string, not a function: this file is type-checked without DOM types.
  return (await page.evaluate(`(() => {
    const table = document.querySelector('[data-testid="cost-table"]');
    const cells = (tr) => Object.fromEntries([...tr.querySelectorAll('td[data-source]')].map((td) => [td.dataset.source, td.textContent]));
    return {
      rows: [...table.querySelectorAll('tbody tr')].map((tr) => ({
        start: tr.dataset.start, end: tr.dataset.end, label: tr.querySelector('th').textContent,
        cells: cells(tr), total: tr.querySelector('td[data-total]').textContent,
      })),
      footerTotal: table.querySelector('tfoot td[data-total]').textContent,
    };
  })()`)) as ShownTable;
}

/** Checks the shown table against the same numbers fetched straight from the gateway. */
function expectTableMatches(shown: ShownTable, report: CostReport): void {
  expect(shown.rows.map((r) => [r.start, r.end])).toEqual(report.buckets.map((b) => [b.start, b.end]));
  report.buckets.forEach((b, i) => {
    const row = shown.rows[i]!;
    expect(row.total).toBe(b.total?.amount ?? '—');
    for (const s of b.bySource) expect(row.cells[s.source], `${b.start} ${s.source}`).toBe(s.cost?.amount ?? '—');
  });
  expect(shown.footerTotal).toBe(report.total?.amount ?? '—');
}

describe.skipIf(!hasBundle || !hasChromium)('dashboard in headless Chromium', () => {
  // Simulators and gateway share one fixed clock, so the page and the direct query below see
  // the same data.
  const NOW = Date.parse('2026-11-10T12:00:00Z');
  let browser: Browser;
  let gw: TestGateway;
  let hasCostReport = false;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    gw = await startTestGateway({ env: { INTROSPECTION: 'true' }, now: () => NOW, pinGatewayClock: true });
    const probe = await gw.query('{ __type(name: "CostReport") { name } }');
    hasCostReport = probe.body?.data?.__type?.name === 'CostReport';
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  async function open(timezoneId: string): Promise<{ context: BrowserContext; page: Page; requests: Request[]; problems: string[]; cspHeader: string }> {
    const context = await browser.newContext({ timezoneId, viewport: { width: 1300, height: 1000 } });
    const page = await context.newPage();
    const requests: Request[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    const res = await page.goto(`${gw.url}/dashboard`);
    return { context, page, requests, problems, cspHeader: res?.headers()['content-security-policy'] ?? '' };
  }

  it("loads without console errors, talks to 127.0.0.1 only, and preselects the browser's zone", async () => {
    const { context, page, requests, problems, cspHeader } = await open('America/New_York');
    expect(cspHeader).toBe(DASHBOARD_CSP);
    expect(await page.title()).toMatch(/analytics-gateway/);
    await expect.poll(() => page.getByTestId('zone-select').inputValue()).toBe('America/New_York');
    // Every zone of the browser is on offer.
    expect(await page.getByTestId('zone-select').locator('option').count()).toBeGreaterThan(300);
    expect(await page.getByTestId('range-through').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(3); // page, script, stylesheet
    expect(requests.map((r) => r.url()).filter((u) => new URL(u).hostname !== '127.0.0.1' || !u.startsWith(`${gw.url}/`))).toEqual([]);
    // No key yet: the page waits for the user instead of collecting a 401.
    expect(requests.filter((r) => r.url().endsWith('/graphql'))).toEqual([]);
    await context.close();
  }, 60_000);

  it('sends the API key typed into the page as x-api-key, and keeps it for the tab session only', async () => {
    const { context, page, requests } = await open('Europe/Berlin');
    expect(await page.getByTestId('zone-select').inputValue()).toBe('Europe/Berlin');
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('UNAUTHENTICATED');
    await page.getByTestId('api-key').fill(TEST_API_KEY);
    await page.getByTestId('run').click();
    await expect.poll(() => requests.filter((r) => r.url().endsWith('/graphql')).length).toBe(2);
    const sent = requests.filter((r) => r.url().endsWith('/graphql'));
    expect(sent[0]!.headers()['x-api-key']).toBeUndefined();
    expect(sent[1]!.headers()['x-api-key']).toBe(TEST_API_KEY);
    expect(sent[1]!.headers()['content-type']).toBe('application/json');
    expect(sent[1]!.postDataJSON()).toMatchObject({ operationName: 'CostReport', variables: { timezone: 'Europe/Berlin', bucket: 'DAY' } });
    await expect.poll(() => page.getByTestId('status').textContent()).not.toContain('UNAUTHENTICATED');
    if (!hasCostReport) await expect.poll(() => page.getByTestId('status').textContent()).toContain('GRAPHQL_VALIDATION_FAILED');
    // A reload in the same tab keeps the key (sessionStorage) and runs the report at once.
    await page.reload();
    expect(await page.getByTestId('api-key').inputValue()).toBe(TEST_API_KEY);
    await expect.poll(() => requests.filter((r) => r.url().endsWith('/graphql')).length).toBe(3);
    // A new tab (a new session) does not have it.
    const other = await context.newPage();
    await other.goto(`${gw.url}/dashboard`);
    expect(await other.getByTestId('api-key').inputValue()).toBe('');
    await context.close();
  }, 60_000);

  it('shows the costReport of the chosen zone as bars and a table that agree with the gateway, and redraws when the zone changes', async () => {
    expect(hasCostReport).toBe(true);
    const { context, page, requests, problems } = await open('America/New_York');
    const lastReportRequest = () => requests.filter((r) => r.url().endsWith('/graphql') && r.method() === 'POST').at(-1);
    await page.getByTestId('api-key').fill(TEST_API_KEY);
    await page.getByTestId('range-from').fill('2026-10-29');
    await page.getByTestId('range-through').fill('2026-11-04');
    await page.getByTestId('bucket-select').selectOption('DAY');
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('status').getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
    await page.getByTestId('cost-chart').waitFor();

    const newYork = await shownTable(page);
    const sentNewYork = lastReportRequest()!.postDataJSON() as { query: string; variables: Record<string, unknown> };
    expect(sentNewYork.variables).toMatchObject({ timezone: 'America/New_York', range: { start: '2026-10-29T04:00:00Z', end: '2026-11-05T05:00:00Z' } });
    const direct = await gw.query(sentNewYork.query, sentNewYork.variables);
    const report = direct.body.data.costReport as CostReport;
    expectTableMatches(newYork, report);
    // The local day of the fall-back is 25 hours and labelled on the New York calendar.
    const nov1 = newYork.rows.find((r) => r.label === 'Sun 2026-11-01');
    expect(nov1).toMatchObject({ start: '2026-11-01T04:00:00Z', end: '2026-11-02T05:00:00Z' });
    for (const s of report.sources) {
      const badge = page.getByTestId(`source-badge-${s.source}`);
      expect(await badge.getAttribute('data-status')).toBe(s.status.toLowerCase());
      if (s.reason) expect(await badge.textContent()).toContain(s.reason);
    }
    const barsBefore = await page.getByTestId('cost-chart').screenshot();

    // Switching the zone alone redraws: the same dates on another calendar.
    // (Not Asia/Kolkata: Chromium lists it under its old name Asia/Calcutta.)
    await page.getByTestId('zone-select').selectOption('Australia/Adelaide');
    await expect.poll(async () => (await shownTable(page)).rows[0]?.start, { timeout: 15_000 }).toBe('2026-10-28T13:30:00Z');
    await expect.poll(() => page.getByTestId('status').getAttribute('data-state')).toBe('ready');
    const adelaide = await shownTable(page);
    const sentAdelaide = lastReportRequest()!.postDataJSON() as { query: string; variables: Record<string, unknown> };
    expect(sentAdelaide.variables).toMatchObject({ timezone: 'Australia/Adelaide' });
    expectTableMatches(adelaide, (await gw.query(sentAdelaide.query, sentAdelaide.variables)).body.data.costReport as CostReport);
    expect(adelaide.rows.map((r) => r.start)).not.toEqual(newYork.rows.map((r) => r.start));
    const barsAfter = await page.getByTestId('cost-chart').screenshot();
    expect(barsAfter.equals(barsBefore)).toBe(false);

    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    expect(requests.every((r) => new URL(r.url()).hostname === '127.0.0.1')).toBe(true);
    await context.close();
  }, 60_000);
});
