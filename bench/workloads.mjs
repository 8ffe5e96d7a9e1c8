// The bench workloads: each is a GraphQL operation for the gateway plus the upstream call(s) the
// same answer needs, which baseline (a) makes by hand and baseline (b) fires at the simulators
// directly. Upstream calls follow each backend's contract (the same requests the sources make).

const DAY = 86_400_000;
// Whole UTC days ending at today's midnight: stable across a run, always in the past.
const today = Math.floor(Date.now() / DAY) * DAY;
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const range1d = { start: iso(today - DAY), end: iso(today) };
const range7d = { start: iso(today - 7 * DAY), end: iso(today) };

const ORG = 'main';
const ADMIN = 'admin@main';
const PROJECT = 'acme/support-bot';
const mentorPath = `/api/ai-analytics/orgs/${ORG}/users/${encodeURIComponent(ADMIN)}/mentor-summary/`;

const MENTOR_FIELDS = 'totalMentors activeMentors totalQuestionsAnswered totalRatings';

const DASHBOARD = `query Dashboard($org: String!, $userId: String!, $range: TimeRange!, $project: String!) {
  mentorSummary(org: $org, userId: $userId) { ${MENTOR_FIELDS} }
  callCounts(range: $range) { total aggregated bucketSeconds points { timestamp end count } }
  callStats(projectId: $project, range: $range, callMetrics: [{ metric: CALL_COUNT, aggregations: [SUM] }, { metric: LATENCY_MS, aggregations: [AVG] }]) {
    granularity
    callBuckets { nodes { start end count metrics { metric aggregation value } } }
  }
  ejentoOrganization { summary { totalQueries totalTokens totalCost { amount } upvotes downvotes totalDocuments } }
}`;
const DASHBOARD_VARS = { org: ORG, userId: ADMIN, range: range1d, project: PROJECT };
const dashboardCalls = () => [
  { source: 'iblai', method: 'GET', path: mentorPath },
  {
    source: 'callCounts',
    method: 'GET',
    path: 'call-counts/historical/',
    query: { start_timestamp: Date.parse(range1d.start) / 1000, end_timestamp: Date.parse(range1d.end) / 1000 - 0.001 },
  },
  {
    source: 'callStats',
    method: 'POST',
    path: '/calls/stats',
    body: {
      project_id: PROJECT,
      start: range1d.start,
      end: range1d.end,
      call_metrics: [
        { metric: 'call_count', aggregations: ['sum'], percentiles: [] },
        { metric: 'latency_ms', aggregations: ['avg'], percentiles: [] },
      ],
    },
  },
  { source: 'ejento', method: 'GET', path: '/api/v2/analytics/summary', query: { type: 'fixed', days: 30 } },
];

const IDS = Array.from({ length: 50 }, (_, i) => String(i + 1));
const ejentoQuery = { agent_id: IDS, type: 'fixed', days: 30, limit: 50 };
const IDS20 = IDS.slice(0, 20);
const ejentoQuery20 = { agent_id: IDS20, type: 'fixed', days: 30, limit: 20 };
const ENTITIES = `query Entities($ids: [ID!]!) {
  ejentoEntities(scope: AGENT, ids: $ids) {
    id name
    costs { total { amount } totalTokens }
    tokens { promptTokens completionTokens totalTokens }
    votes { upvotes downvotes }
  }
}`;

// Workload 8: the dashboard's cost report, 30 UTC days in DAY buckets over the three cost sources.
const range30d = { start: iso(today - 30 * DAY), end: iso(today) };
const COST_REPORT = `query CostReport($range: TimeRange!) {
  costReport(range: $range, bucket: DAY, timezone: "UTC", sources: { iblai: { org: "${ORG}", userId: "${ADMIN}" }, callStats: { projectId: "${PROJECT}" }, ejento: {} }) {
    buckets { start end total { amount } bySource { source cost { amount } } }
    total { amount }
    sources { source status code }
  }
}`;
// The calls the report makes on these contracts: iblai one costs/peruser page per UTC day,
// call-stats one hourly total_cost call (hours sum exactly into any zone's days), Ejento one
// organization costs series by day.
const costReportCalls = () => [
  ...Array.from({ length: 30 }, (_, i) => {
    const date = iso(today - (30 - i) * DAY).slice(0, 10);
    return {
      source: 'iblai',
      method: 'GET',
      path: `/api/ai-analytics/orgs/${ORG}/users/${encodeURIComponent(ADMIN)}/costs/peruser/`,
      query: { start_date: date, end_date: date, limit: 100, offset: 0 },
    };
  }),
  {
    source: 'callStats',
    method: 'POST',
    path: '/calls/stats',
    body: { project_id: PROJECT, start: range30d.start, end: range30d.end, timezone: 'UTC', granularity: 3600, usage_metrics: [{ metric: 'total_cost', aggregations: ['sum'], percentiles: [] }] },
  },
  { source: 'ejento', method: 'GET', path: '/api/v2/analytics/costs', query: { type: 'range', start_date: range30d.start, end_date: range30d.end, time_series: 'true', bucket_type: 'day' } },
];

/** Workloads 4 and 9: one 7-day call-stats request at 300 s. */
const callStats2016Calls = () => [
  {
    source: 'callStats',
    method: 'POST',
    path: '/calls/stats',
    body: {
      project_id: PROJECT,
      start: range7d.start,
      end: range7d.end,
      granularity: 300,
      call_metrics: [
        { metric: 'latency_ms', aggregations: ['avg', 'max'], percentiles: [95] },
        { metric: 'call_count', aggregations: ['sum'], percentiles: [] },
      ],
    },
  },
];

export const WORKLOADS = [
  {
    id: 1,
    name: 'mentorSummary',
    what: 'one small field, one iblai GET',
    query: `query MentorSummary($org: String!, $userId: String!) { mentorSummary(org: $org, userId: $userId) { ${MENTOR_FIELDS} } }`,
    variables: { org: ORG, userId: ADMIN },
    calls: () => [{ source: 'iblai', method: 'GET', path: mentorPath }],
  },
  {
    id: 2,
    name: 'dashboard',
    what: 'one operation over all four sources',
    query: DASHBOARD,
    variables: DASHBOARD_VARS,
    calls: dashboardCalls,
  },
  {
    id: 3,
    name: 'ejentoEntities',
    what: '50 agent ids × 3 metrics (costs, tokens, votes)',
    query: `query Entities($ids: [ID!]!) {
  ejentoEntities(scope: AGENT, ids: $ids) {
    id name
    costs { total { amount } totalTokens }
    tokens { promptTokens completionTokens totalTokens }
    votes { upvotes downvotes }
  }
}`,
    variables: { ids: IDS },
    calls: () => [
      { source: 'ejento', method: 'GET', path: '/api/v2/analytics/agents/costs', query: ejentoQuery },
      { source: 'ejento', method: 'GET', path: '/api/v2/analytics/agents/tokens', query: ejentoQuery },
      { source: 'ejento', method: 'GET', path: '/api/v2/analytics/agents/votes', query: ejentoQuery },
    ],
  },
  {
    id: 4,
    name: 'callStats2016',
    what: '7 days at 300 s = 2,016 call buckets × 4 metric values (serialization)',
    query: `query BigStats($project: String!, $range: TimeRange!) {
  callStats(projectId: $project, range: $range, granularity: 300, callMetrics: [{ metric: LATENCY_MS, aggregations: [AVG, MAX], percentiles: [95] }, { metric: CALL_COUNT, aggregations: [SUM] }]) {
    granularity
    callBuckets(first: 10000) { nodes { start end count metrics { metric aggregation percentile value } } }
  }
}`,
    variables: { project: PROJECT, range: range7d },
    minBuckets: 2000,
    // Each answer is large: few connections, so the run ends with few requests in flight.
    connections: 4,
    calls: callStats2016Calls,
  },
  {
    id: 9,
    name: 'callStats2016Columns',
    what: 'workload 4 as columns (`callColumns`): the same upstream call and values, one list per field',
    query: `query BigStatsColumns($project: String!, $range: TimeRange!) {
  callStats(projectId: $project, range: $range, granularity: 300, callMetrics: [{ metric: LATENCY_MS, aggregations: [AVG, MAX], percentiles: [95] }, { metric: CALL_COUNT, aggregations: [SUM] }]) {
    granularity
    callColumns { start end count metrics { metric aggregation percentile values } }
  }
}`,
    variables: { project: PROJECT, range: range7d },
    minBuckets: 2000,
    connections: 4,
    calls: callStats2016Calls,
  },
  {
    id: 7,
    name: 'ejentoEntities20',
    what: '20 agent ids × 3 metrics (the 20-id Ejento batch measured against Hive Gateway)',
    query: ENTITIES,
    variables: { ids: IDS20 },
    calls: () => [
      { source: 'ejento', method: 'GET', path: '/api/v2/analytics/agents/costs', query: ejentoQuery20 },
      { source: 'ejento', method: 'GET', path: '/api/v2/analytics/agents/tokens', query: ejentoQuery20 },
      { source: 'ejento', method: 'GET', path: '/api/v2/analytics/agents/votes', query: ejentoQuery20 },
    ],
  },
  {
    id: 8,
    name: 'costReport30d',
    what: '30 UTC days × DAY buckets over iblai, call-stats and Ejento (32 upstream calls)',
    query: COST_REPORT,
    variables: { range: range30d },
    connections: 8,
    calls: costReportCalls,
  },
  {
    id: 5,
    name: 'dashboardBurst200',
    what: '200 identical dashboard operations fired at once, 20 ms upstreams (coalescing)',
    query: DASHBOARD,
    variables: DASHBOARD_VARS,
    calls: dashboardCalls,
    burst: 200,
  },
  {
    id: 6,
    name: 'cachedDashboard',
    what: 'the dashboard operation repeated, 20 ms upstreams: the response cache on (in memory; Redis only) next to CACHE=off',
    query: DASHBOARD,
    variables: DASHBOARD_VARS,
    calls: dashboardCalls,
    cached: true,
  },
];

/** The request headers each upstream wants (the simulators' demo credentials). */
export function upstreamHeaders(source, cfg, jwt) {
  switch (source) {
    case 'iblai':
      return { authorization: `Api-Token ${cfg.apiToken}` };
    case 'callCounts':
      return { authorization: `Bearer ${jwt}` };
    case 'callStats':
      return { authorization: `Basic ${Buffer.from(`api:${cfg.apiKey}`).toString('base64')}` };
    case 'ejento':
      return { 'ocp-apim-subscription-key': cfg.subscriptionKey, authorization: `Bearer ${cfg.token}` };
    default:
      return {};
  }
}

/** Absolute URL path (base path + relative path + query) of an upstream call. */
export function upstreamPath(cfg, call) {
  const base = new URL(cfg.baseUrl);
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(call.query ?? {})) {
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const qs = params.toString();
  return basePath + call.path.replace(/^\//, '') + (qs ? `?${qs}` : '');
}

/** call-counts wants a JWT: one service login (the gateway keeps one per process too). */
export async function callCountsLogin(cfg) {
  if (!cfg?.username) return null;
  const res = await fetch(new URL('login/service/', cfg.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: cfg.username, password: cfg.password }),
  });
  if (!res.ok) return null;
  const body = await res.json().catch(() => null);
  return body?.token ?? null;
}
