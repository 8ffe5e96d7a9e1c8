// The cost dashboard: one costReport query over the chosen sources, drawn as stacked bars and a
// table on the caller's calendar. Talks to /graphql on its own origin only.
import './src/page.css';
import type uPlot from 'uplot';
import { drawChart } from './src/chart.js';
import {
  COST_REPORT_QUERY,
  localDate,
  rangeOfDates,
  statusWord,
  toCostTable,
  type CalendarBucket,
  type CostReport,
  type CostReportSources,
  type CostTable,
} from './src/report.js';

const ENDPOINT = '/graphql';
const API_KEY_STORAGE = 'analytics-gateway:apiKey';

const form = document.getElementById('controls') as HTMLFormElement;
const statusLine = document.getElementById('status')!;
const badges = document.getElementById('badges')!;
const chartBox = document.getElementById('chart')!;
const table = document.getElementById('table') as HTMLTableElement;
const field = <T extends HTMLInputElement | HTMLSelectElement>(name: string) => form.elements.namedItem(name) as T;
const zoneSelect = field<HTMLSelectElement>('timezone');

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // Disabled storage (privacy settings) throws on access.
  }
}

function fillZones(): void {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  zones.add(browserZone);
  for (const zone of [...zones].sort()) zoneSelect.add(new Option(zone, zone, false, zone === browserZone));
  zoneSelect.value = browserZone;
}

function sourcesArgument(): CostReportSources {
  const checked = (name: string) => field<HTMLInputElement>(name).checked;
  const text = (name: string) => field<HTMLInputElement | HTMLSelectElement>(name).value.trim();
  const sources: CostReportSources = {};
  if (checked('iblai')) sources.iblai = { org: text('iblaiOrg'), userId: text('iblaiUserId') };
  if (checked('callStats')) sources.callStats = { projectId: text('callStatsProjectId') };
  if (checked('ejento')) {
    sources.ejento = {};
    if (text('ejentoScope')) sources.ejento.scope = text('ejentoScope');
    if (text('ejentoId')) sources.ejento.id = text('ejentoId');
  }
  return sources;
}

interface GraphQLResponse {
  data?: { costReport?: CostReport | null } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function fetchReport(variables: Record<string, unknown>, apiKey: string): Promise<GraphQLResponse> {
  const res = await fetch(ENDPOINT, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      ...(apiKey ? { 'x-api-key': apiKey } : {}),
    },
    body: JSON.stringify({ query: COST_REPORT_QUERY, operationName: 'CostReport', variables }),
  });
  const text = await res.text();
  try {
    return JSON.parse(text) as GraphQLResponse;
  } catch {
    return { errors: [{ message: `HTTP ${res.status} from ${ENDPOINT}: ${text.slice(0, 200)}` }] };
  }
}

function cell(tag: 'td' | 'th', text: string, attrs: Record<string, string> = {}): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = text;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

function renderTable(t: CostTable): void {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  head.append(cell('th', 'Bucket'), ...t.sources.map((s) => cell('th', s, { 'data-source': s })), cell('th', `Total (${t.currency})`));
  const body = table.createTBody();
  for (const r of t.rows) {
    const row = body.insertRow();
    row.dataset.start = r.start;
    row.dataset.end = r.end;
    row.append(
      cell('th', r.label, { scope: 'row', title: `${r.start} → ${r.end}` }),
      ...r.cells.map((c, i) => cell('td', c ?? '—', { 'data-source': t.sources[i]! })),
      cell('td', r.total ?? '—', { 'data-total': '' }),
    );
  }
  const foot = table.createTFoot().insertRow();
  foot.append(
    cell('th', 'Total', { scope: 'row' }),
    ...t.footer.cells.map((c, i) => cell('td', c ?? '—', { 'data-source': t.sources[i]! })),
    cell('td', t.footer.total ?? '—', { 'data-total': '' }),
  );
  table.hidden = false;
}

function renderBadges(report: CostReport): void {
  badges.replaceChildren(
    ...report.sources.map((s) => {
      const li = document.createElement('li');
      const word = statusWord(s.status);
      li.className = `badge badge-${word}`;
      li.dataset.testid = `source-badge-${s.source}`;
      li.dataset.status = word;
      const why = [s.reason, s.code ? `(${s.code})` : null].filter(Boolean).join(' ');
      li.textContent = `${s.source}: ${word}${why ? ` — ${why}` : ''}`;
      return li;
    }),
  );
}

let chart: uPlot | null = null;
let latest = 0;
/** Set by the first run: from then on every change of a control redraws the report. */
let started = false;

async function run(): Promise<void> {
  const from = field<HTMLInputElement>('from').value;
  const through = field<HTMLInputElement>('through').value;
  if (!from || !through) return;
  started = true;
  const zone = zoneSelect.value;
  const variables = {
    range: rangeOfDates(from, through, zone),
    bucket: field<HTMLSelectElement>('bucket').value as CalendarBucket,
    timezone: zone,
    sources: sourcesArgument(),
  };
  const mine = ++latest;
  form.setAttribute('aria-busy', 'true');
  statusLine.textContent = 'Loading…';
  let response: GraphQLResponse;
  try {
    response = await fetchReport(variables, field<HTMLInputElement>('apiKey').value.trim());
  } catch (err) {
    response = { errors: [{ message: `The gateway could not be reached: ${String(err)}` }] };
  }
  // A slower earlier answer must not replace a newer one.
  if (mine !== latest) return;
  form.removeAttribute('aria-busy');
  const report = response.data?.costReport ?? null;
  const problems = (response.errors ?? []).map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message}` : e.message));
  statusLine.textContent = problems.join(' · ');
  statusLine.dataset.state = report ? 'ready' : 'error';
  if (!report) {
    badges.replaceChildren();
    table.hidden = true;
    chart?.destroy();
    chart = null;
    delete chartBox.dataset.bars;
    return;
  }
  const t = toCostTable(report);
  renderBadges(report);
  renderTable(t);
  chart = drawChart(chartBox, t, chart);
  if (!problems.length) statusLine.textContent = `${t.rows.length} ${report.bucket.toLowerCase()} buckets in ${report.timezone}, ${report.effectiveRange.start} → ${report.effectiveRange.end}`;
}

fillZones();
field<HTMLInputElement>('from').value = localDate(zoneSelect.value, -6);
field<HTMLInputElement>('through').value = localDate(zoneSelect.value);
const store = sessionStore();
const apiKeyInput = field<HTMLInputElement>('apiKey');
apiKeyInput.value = store?.getItem(API_KEY_STORAGE) ?? '';
// Only for this tab's session: the key never reaches localStorage or a URL.
apiKeyInput.addEventListener('input', () => store?.setItem(API_KEY_STORAGE, apiKeyInput.value));
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void run();
});
form.addEventListener('change', (e) => {
  if (started && e.target !== apiKeyInput) void run();
});
// Without a key a live gateway would only answer 401, so the first run waits for the user then.
if (apiKeyInput.value) void run();
else statusLine.textContent = 'Choose range, zone and sources, then Show costs (a live gateway needs its API key).';
