import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  DEMO_ORG,
  DEMO_RECO_TYPES,
  DEMO_SCENARIOS,
  eventsOfHour,
  type DemoEvent,
} from './eventLog.js';
import { startSimulatorServer, type SimRequest, type SimResponse, type SimulatorServer } from './startSimulatorServer.js';

/**
 * The call-counts API as its published contract defines it, under `/v1/`: service login and refresh with
 * real (HS256) JWTs that expire, roles per route, every label derived from the shared event log,
 * opaque cursors tied to their label, the 100-bucket rule with a warning, the error envelope
 * `{error_code, error_name, message, error_data}`, and an optional rate limit (429/2).
 */
export type CallCountsRole = 'root' | 'manager' | 'backend' | (string & {});

export interface CallCountsSimulatorOptions {
  /** Listen on this port (default: an ephemeral one). */
  port?: number;
  /** Clock (epoch ms): token expiry and "now" for default ranges and data. Default Date.now. */
  now?: () => number;
  /** Fixed extra latency per answer, ms (default 0). */
  latencyMs?: number;
  /** Keep a request log (default true). */
  log?: boolean;
  /** Service accounts: name → password and role. Default: the demo account with role `manager`. */
  accounts?: Record<string, { password: string; role: CallCountsRole }>;
  /** Lifetime of an access JWT, ms (default 15 minutes). */
  tokenLifetimeMs?: number;
  /** Lifetime of a refresh token, ms (default 24 hours). */
  refreshLifetimeMs?: number;
  /** Pad every `next_cursor` to exactly this many characters (deployments whose cursors carry more state). Default: unpadded. */
  cursorLength?: number;
  /** Answer 429/2 past this many data requests per window (default: no limit). */
  rateLimit?: { requests: number; windowMs: number };
  /** How far back the demo platform's history goes, ms before now (default 2 years): older hours count zero. */
  historyMs?: number;
}

/** Credentials the demo gateway uses against this simulator. */
export const CALL_COUNTS_DEMO_CONFIG = { username: 'demo-service', password: 'demo-password' };

const MIN_TS = -150_000_000_000;
const MAX_TS = 3_500_000_000;
const HOUR_S = 3600;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_POINTS = 100;
const LABELS = ['ACCOUNTS', 'ENDPOINTS', 'DBS', 'SCENARIOS', 'RECO_TYPES', 'CHAT', 'LLM'] as const;
type Label = (typeof LABELS)[number];

const ENDPOINT_DESCRIPTIONS: Record<string, string> = {
  RECOMMENDATION: 'get recommendations',
  USERINTERACTION: 'create user interactions',
  USERRATING: 'create, update, get or delete user ratings',
  ITEMPROPERTIES: 'create, update, get or delete item properties',
  CHAT: 'chat completions',
  LLM: 'LLM calls',
};

/** How each label splits an event: its series key, description and extra data. */
const SPLITS: Record<Exclude<Label, 'CHAT'>, (e: DemoEvent) => { key: string; description: string; extra: Record<string, string> }> = {
  ACCOUNTS: (e) => ({ key: e.user.email, description: `service account of ${e.user.username}`, extra: {} }),
  ENDPOINTS: (e) => ({ key: e.endpoint, description: ENDPOINT_DESCRIPTIONS[e.endpoint] ?? e.endpoint.toLowerCase(), extra: {} }),
  // One database per demo project.
  DBS: (e) => ({
    key: `db-${e.project.callStatsProject.split('/')[1]}`,
    description: `database of ${e.project.name}`,
    extra: { db_id: `db_${(0x5f3a00 + e.project.id).toString(16)}` },
  }),
  SCENARIOS: (e) => ({ key: `${e.recoType}/${e.scenario}`, description: `scenario ${e.scenario} of ${e.recoType}`, extra: {} }),
  RECO_TYPES: (e) => ({ key: e.recoType, description: `recommendation type ${e.recoType}`, extra: {} }),
  LLM: (e) => ({ key: e.model, description: `LLM calls to ${e.model}`, extra: {} }),
};

interface ErrorSpec {
  status: number;
  code: number;
  name: string;
}
const WRONG_DATA: ErrorSpec = { status: 400, code: 40, name: 'WrongData' };
const AUTH_ERROR: ErrorSpec = { status: 401, code: 21, name: 'AuthError' };
const JWT_EXPIRED: ErrorSpec = { status: 401, code: 22, name: 'JwtTokenExpired' };
const FORBIDDEN: ErrorSpec = { status: 403, code: 50, name: 'ForbiddenError' };
const NOT_FOUND: ErrorSpec = { status: 404, code: 60, name: 'NotFoundError' };

function fail(spec: ErrorSpec, message: string, data: Record<string, unknown> = {}, headers?: Record<string, string>): SimResponse {
  return { status: spec.status, headers, body: { error_code: spec.code, error_name: spec.name, message, error_data: data } };
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** The request handler alone (mounted by startCallCountsSimulator; reusable in other servers). */
export function createCallCountsHandler(options: CallCountsSimulatorOptions = {}) {
  const now = options.now ?? Date.now;
  const accounts = options.accounts ?? { [CALL_COUNTS_DEMO_CONFIG.username]: { password: CALL_COUNTS_DEMO_CONFIG.password, role: 'manager' } };
  const tokenLifetime = options.tokenLifetimeMs ?? 15 * 60_000;
  const refreshLifetime = options.refreshLifetimeMs ?? DAY_MS;
  const historyMs = options.historyMs ?? 730 * DAY_MS;
  const secret = randomBytes(32);
  const rate = options.rateLimit;
  let windowStart = 0;
  let windowCount = 0;

  const sign = (data: string) => createHmac('sha256', secret).update(data).digest();

  function issue(sub: string, role: string, typ: 'access' | 'refresh'): string {
    const iat = now() / 1000;
    const exp = iat + (typ === 'access' ? tokenLifetime : refreshLifetime) / 1000;
    const head = `${b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64(JSON.stringify({ sub, role, typ, iat, exp, jti: randomBytes(6).toString('hex') }))}`;
    return `${head}.${b64(sign(head))}`;
  }

  /** Verifies a JWT of `typ`: its claims, or the error to answer. */
  function verify(token: string, typ: 'access' | 'refresh'): { sub: string; role: string } | SimResponse {
    const parts = token.split('.');
    if (parts.length !== 3) return fail(AUTH_ERROR, 'Invalid token');
    const expected = sign(`${parts[0]}.${parts[1]}`);
    const given = Buffer.from(parts[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail(AUTH_ERROR, 'Invalid token');
    let claims: { sub?: string; role?: string; typ?: string; exp?: number };
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    } catch {
      return fail(AUTH_ERROR, 'Invalid token');
    }
    if (claims.typ !== typ || typeof claims.sub !== 'string' || typeof claims.role !== 'string') return fail(AUTH_ERROR, 'Invalid token');
    if (typeof claims.exp !== 'number' || now() >= claims.exp * 1000) return fail(JWT_EXPIRED, 'JWT token has expired');
    return { sub: claims.sub, role: claims.role };
  }

  function jsonBody(req: SimRequest): Record<string, unknown> | undefined {
    try {
      const v = JSON.parse(req.rawBody || 'null');
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }

  function login(req: SimRequest): SimResponse {
    const body = jsonBody(req);
    if (!body || typeof body.name !== 'string' || typeof body.password !== 'string') {
      return fail(WRONG_DATA, 'name and password are required', { name: 'body' });
    }
    const account = accounts[body.name];
    if (!account || account.password !== body.password) return fail(AUTH_ERROR, 'Wrong name or password');
    return {
      status: 200,
      body: { token: issue(body.name, account.role, 'access'), refresh_token: issue(body.name, account.role, 'refresh'), role: account.role },
    };
  }

  function refresh(req: SimRequest): SimResponse {
    const body = jsonBody(req);
    if (!body || typeof body.refresh_token !== 'string') return fail(WRONG_DATA, 'refresh_token is required', { name: 'refresh_token' });
    const claims = verify(body.refresh_token, 'refresh');
    if ('status' in claims) return claims;
    return { status: 200, body: { token: issue(claims.sub, claims.role, 'access'), refresh_token: issue(claims.sub, claims.role, 'refresh') } };
  }

  /** Cursor: the series offset, tied to its label by an HMAC (forged or foreign → 400/40). */
  const cursorFor = (label: string, offset: number) => {
    const data = `${label}:${offset}`;
    const cursor = `${b64(data)}.${b64(sign(`cursor:${data}`).subarray(0, 12))}`;
    // Padding is a third segment, ignored when the cursor is read back.
    const pad = (options.cursorLength ?? 0) - cursor.length - 1;
    return pad >= 0 ? `${cursor}.${'p'.repeat(pad)}` : cursor;
  };
  function readCursor(label: string, cursor: string): number | undefined {
    const [data, mac] = cursor.split('.');
    if (!data || !mac) return undefined;
    const text = Buffer.from(data, 'base64url').toString('utf8');
    const expected = sign(`cursor:${text}`).subarray(0, 12);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const m = /^([A-Z_]+):(\d+)$/.exec(text);
    return m && m[1] === label ? Number(m[2]) : undefined;
  }

  function timestampParam(q: URLSearchParams, name: string): number | undefined | SimResponse {
    const raw = q.get(name);
    if (raw === null) return undefined;
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || v < MIN_TS || v > MAX_TS) {
      return fail(WRONG_DATA, `${name} must be a number between ${MIN_TS} and ${MAX_TS}`, { name, value: raw });
    }
    return v;
  }

  /** The hour stamps (seconds) in [start, end] that the demo history can have data for, and how many stamps the range holds. */
  function hours(start: number, end: number) {
    const first = Math.ceil(start / HOUR_S);
    const last = Math.floor(end / HOUR_S);
    const stampCount = Math.max(0, last - first + 1);
    const nowH = Math.floor(now() / HOUR_MS);
    const oldestH = Math.floor((now() - historyMs) / HOUR_MS);
    return { first, last, stampCount, dataFrom: Math.max(first, oldestH), dataTo: Math.min(last, nowH) };
  }

  /**
   * The response axis: raw hourly stamps when at most 100 fall in [start, end], else 100 equal
   * buckets of width (end − start)/100 starting at `start`, each summing the hours stamped in it.
   */
  function axis(start: number, end: number) {
    const h = hours(start, end);
    if (h.stampCount <= MAX_POINTS) {
      const timestamps = Array.from({ length: h.stampCount }, (_, i) => (h.first + i) * HOUR_S);
      return { timestamps, warnings: [] as string[], slot: (hour: number) => hour - h.first };
    }
    const width = (end - start) / MAX_POINTS;
    const timestamps = Array.from({ length: MAX_POINTS }, (_, i) => start + i * width);
    const warnings = [
      `${h.stampCount} points found: aggregated into ${MAX_POINTS} buckets of ${Number(width.toFixed(6))} seconds; timestamps are bucket starts and counts are bucket sums.`,
    ];
    return { timestamps, warnings, slot: (hour: number) => Math.min(MAX_POINTS - 1, Math.floor((hour * HOUR_S - start) / width)) };
  }

  /** Sums events per series key and axis slot over the range's hours (events after now do not exist yet). */
  function collect(start: number, end: number, split: (e: DemoEvent) => string | null) {
    const ax = axis(start, end);
    const h = hours(start, end);
    const bySeries = new Map<string, number[]>();
    const t = now();
    for (let hour = h.dataFrom; hour <= h.dataTo; hour++) {
      const slot = ax.slot(hour);
      for (const e of eventsOfHour(hour)) {
        if (e.ts > t) break;
        const key = split(e);
        if (key === null) continue;
        let counts = bySeries.get(key);
        if (!counts) bySeries.set(key, (counts = new Array<number>(ax.timestamps.length).fill(0)));
        counts[slot]! += 1;
      }
    }
    return { ax, bySeries };
  }

  /** Active chat sessions: distinct sessions per hour, summed into the axis' slots. */
  function chatSessions(start: number, end: number) {
    const ax = axis(start, end);
    const h = hours(start, end);
    const counts = new Array<number>(ax.timestamps.length).fill(0);
    const t = now();
    for (let hour = h.dataFrom; hour <= h.dataTo; hour++) {
      const sessions = new Set(eventsOfHour(hour).filter((e) => e.ts <= t && e.endpoint === 'CHAT').map((e) => e.sessionId));
      counts[ax.slot(hour)]! += sessions.size;
    }
    return { ax, counts };
  }

  function rangeOf(q: URLSearchParams): { start: number; end: number } | SimResponse {
    const s = timestampParam(q, 'start_timestamp');
    if (typeof s === 'object') return s;
    const e = timestampParam(q, 'end_timestamp');
    if (typeof e === 'object') return e;
    const end = e ?? now() / 1000;
    const start = s ?? end - 30 * 86_400;
    if (start > end) return fail(WRONG_DATA, 'start_timestamp must not be after end_timestamp', { name: 'start_timestamp' });
    return { start, end };
  }

  function byLabel(q: URLSearchParams, label: Label): SimResponse {
    const range = rangeOf(q);
    if ('status' in range) return range;
    const amtRaw = q.get('amt');
    const amt = amtRaw === null ? 64 : Number(amtRaw);
    if (!/^\d+$/.test(amtRaw ?? '64') || amt < 1 || amt > 128) return fail(WRONG_DATA, 'amt must be an integer from 1 to 128', { name: 'amt', value: amtRaw });
    const cursorRaw = q.get('cursor');
    let offset = 0;
    if (cursorRaw !== null) {
      const o = readCursor(label, cursorRaw);
      if (o === undefined) return fail(WRONG_DATA, 'Invalid cursor', { name: 'cursor' });
      offset = o;
    }
    let timestamps: number[];
    let warnings: string[];
    let all: Array<{ key: string; description: string; counts: number[]; extra_data: Record<string, string> }>;
    if (label === 'CHAT') {
      const { ax, counts } = chatSessions(range.start, range.end);
      ({ timestamps, warnings } = ax);
      all = [{ key: DEMO_ORG, description: `active chat sessions of organization ${DEMO_ORG}`, counts, extra_data: {} }];
    } else {
      const split = SPLITS[label];
      const meta = new Map<string, { description: string; extra: Record<string, string> }>();
      const { ax, bySeries } = collect(range.start, range.end, (e) => {
        const s = split(e);
        if (!meta.has(s.key)) meta.set(s.key, { description: s.description, extra: s.extra });
        return s.key;
      });
      ({ timestamps, warnings } = ax);
      all = [...bySeries.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, counts]) => ({ key, description: meta.get(key)!.description, counts, extra_data: meta.get(key)!.extra }));
    }
    const page = all.slice(offset, offset + amt);
    const hasNext = offset + amt < all.length;
    const body: Record<string, unknown> = { timestamps, series: page, has_next: hasNext, next_cursor: hasNext ? cursorFor(label, offset + amt) : null };
    if (warnings.length) body.warnings = warnings;
    return { status: 200, body };
  }

  function series(q: URLSearchParams, filter: (e: DemoEvent) => boolean): SimResponse {
    const range = rangeOf(q);
    if ('status' in range) return range;
    const { ax, bySeries } = collect(range.start, range.end, (e) => (filter(e) ? '' : null));
    const body: Record<string, unknown> = { timestamps: ax.timestamps, counts: bySeries.get('') ?? ax.timestamps.map(() => 0) };
    if (ax.warnings.length) body.warnings = ax.warnings;
    return { status: 200, body };
  }

  function rateLimited(): SimResponse | undefined {
    if (!rate) return undefined;
    const t = now();
    if (t - windowStart >= rate.windowMs) {
      windowStart = t;
      windowCount = 0;
    }
    if (++windowCount <= rate.requests) return undefined;
    const retry = Math.max(1, Math.ceil((windowStart + rate.windowMs - t) / 1000));
    return fail({ status: 429, code: 2, name: 'TooManyRequests' }, 'Too many requests', { name: 'RATE_LIMIT_OVERFLOW' }, { 'retry-after': String(retry) });
  }

  return (req: SimRequest): SimResponse => {
    const path = req.path;
    if (path === '/v1/login/service/' || path === '/v1/login/refresh-token/') {
      if (req.method !== 'POST') return fail(NOT_FOUND, `${req.method} ${path} not found`);
      return path === '/v1/login/service/' ? login(req) : refresh(req);
    }
    const m = /^\/v1\/call-counts\/historical\/(?:([^/]+)\/(?:([^/]+)\/([^/]+)\/)?)?$/.exec(path);
    if (!m || req.method !== 'GET') return fail(NOT_FOUND, `${req.method} ${path} not found`);
    const [, labelRaw, recoRaw, nameRaw] = m;
    const scenario = recoRaw !== undefined;
    if (scenario && labelRaw !== 'SCENARIOS') return fail(NOT_FOUND, `${path} not found`);

    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return fail(AUTH_ERROR, 'Authorization header with a Bearer token is required');
    const claims = verify(auth.slice(7), 'access');
    if ('status' in claims) return claims;
    const allowed = scenario ? ['root', 'manager', 'backend'] : ['root', 'manager'];
    if (!allowed.includes(claims.role)) return fail(FORBIDDEN, `Role ${claims.role} is not authorized`, { role: claims.role });
    const limited = rateLimited();
    if (limited) return limited;

    if (scenario) {
      let recoType: string;
      let name: string;
      try {
        recoType = decodeURIComponent(recoRaw!);
        name = decodeURIComponent(nameRaw!);
      } catch {
        return fail(WRONG_DATA, 'Malformed path', { name: 'path' });
      }
      if (!DEMO_RECO_TYPES.includes(recoType) || !DEMO_SCENARIOS.includes(name)) {
        return fail(NOT_FOUND, `Scenario ${name} of ${recoType} not found`, { reco_type: recoType, name });
      }
      return series(req.url.searchParams, (e) => e.recoType === recoType && e.scenario === name);
    }
    if (labelRaw === undefined) return series(req.url.searchParams, () => true);
    if (!(LABELS as readonly string[]).includes(labelRaw)) {
      return fail(WRONG_DATA, `Unknown label ${labelRaw.slice(0, 40)}; expected one of ${LABELS.join(', ')}`, { name: 'label' });
    }
    return byLabel(req.url.searchParams, labelRaw as Label);
  };
}

/** Starts the call-counts simulator on 127.0.0.1 (ephemeral port); the API lives under `/v1/`. */
export function startCallCountsSimulator(options: CallCountsSimulatorOptions = {}): Promise<SimulatorServer> {
  return startSimulatorServer({ handler: createCallCountsHandler(options), latencyMs: options.latencyMs, log: options.log, port: options.port });
}

