import { DEMO_ADMIN, DEMO_AGENTS, DEMO_ORG, eventsBetween, usdFloat } from './eventLog.js';
import { startSimulatorServer, type SimRequest, type SimResponse, type SimulatorServer } from './startSimulatorServer.js';

/**
 * iblai ai-analytics as its published contract defines it: Api-Token/Token auth, DRF error bodies,
 * limit/offset paging with absolute next/previous URLs built from the server's own idea of its
 * host (which the gateway must never follow).
 */
export interface IblaiSimulatorOptions {
  /** Listen on this port (default: an ephemeral one). */
  port?: number;
  /** Accepted platform keys (`Authorization: Api-Token <key>`). */
  apiTokens?: readonly string[];
  /** Accepted user session tokens (`Authorization: Token <token>`). */
  userTokens?: readonly string[];
  /** org → usernames that are admins of it. */
  admins?: Record<string, readonly string[]>;
  /** Origin written into next/previous (an internal name behind a proxy). Default: the Host header. */
  publicOrigin?: string;
  /** Path prefix the API lives under (e.g. "/dm"). */
  prefix?: string;
  now?: () => number;
  latencyMs?: number;
  log?: boolean;
  /**
   * Serve per-user rows as iblai's own documentation shows them, `{id, name, date}` (the user's
   * id, username and last call in the range), without `total_cost` or sessions.
   */
  documentedRows?: boolean;
}

export const IBLAI_DEMO_TOKEN = 'demo-iblai-platform-key';

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(s: string | null): number | undefined {
  if (!s || !DATE.test(s)) return undefined;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : t;
}

/** The request handler alone (mounted by startIblaiSimulator; reusable in other servers). */
export function createIblaiHandler(options: IblaiSimulatorOptions = {}) {
  const apiTokens = new Set(options.apiTokens ?? [IBLAI_DEMO_TOKEN]);
  const userTokens = new Set(options.userTokens ?? []);
  const admins = options.admins ?? { [DEMO_ORG]: [DEMO_ADMIN, 'ops'] };
  const prefix = (options.prefix ?? '').replace(/\/$/, '');
  const now = options.now ?? Date.now;
  const route = new RegExp(`^${prefix}/api/ai-analytics/orgs/([^/]+)/users/([^/]+)/(costs/peruser|mentor-summary|mentor-detail)/$`);

  return (req: SimRequest): SimResponse => {
    const auth = req.headers.authorization ?? '';
    const [scheme, key] = auth.split(' ', 2);
    const authed = (scheme === 'Api-Token' && key && apiTokens.has(key)) || (scheme === 'Token' && key && userTokens.has(key));
    if (!auth) return { status: 401, body: { detail: 'Authentication credentials were not provided.' } };
    if (!authed) return { status: 401, body: { detail: 'Invalid token.' } };
    if (req.method !== 'GET') return { status: 405, body: { detail: `Method "${req.method}" not allowed.` } };
    const m = route.exec(req.path);
    if (!m) return { status: 404, body: { detail: 'Not found.' } };
    const org = decodeURIComponent(m[1]!);
    const userId = decodeURIComponent(m[2]!);
    const kind = m[3]!;
    if (!(org in admins)) return { status: 404, body: { detail: 'Organization not found' } };
    if (!admins[org]!.includes(userId)) {
      return { status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    }
    if (kind === 'costs/peruser') return perUser(req, org, userId);
    const days = kind === 'mentor-summary' ? 30 : 7;
    const events = eventsBetween(now() - days * DAY, now() + 1, now());
    return {
      status: 200,
      body: {
        total_mentors: DEMO_AGENTS.length,
        active_mentors: new Set(events.map((e) => e.agent.id)).size,
        total_questions_answered: events.length,
        total_ratings: events.filter((e) => e.vote !== 0).length,
      },
    };
  };

  function perUser(req: SimRequest, org: string, userId: string): SimResponse {
    const q = req.url.searchParams;
    const errors: Record<string, string[]> = {};
    const startDay = parseDay(q.get('start_date'));
    const endDay = parseDay(q.get('end_date'));
    if (!q.get('start_date')) errors.start_date = ['This field is required.'];
    else if (startDay === undefined) errors.start_date = ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'];
    if (!q.get('end_date')) errors.end_date = ['This field is required.'];
    else if (endDay === undefined) errors.end_date = ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'];
    if (Object.keys(errors).length) return { status: 400, body: errors };
    if (endDay! < startDay!) return { status: 400, body: { detail: 'start_date must not be after end_date.' } };
    const limitRaw = q.get('limit');
    const offsetRaw = q.get('offset');
    if ((limitRaw !== null && !/^\d+$/.test(limitRaw)) || (offsetRaw !== null && !/^\d+$/.test(offsetRaw))) {
      return { status: 400, body: { detail: 'limit and offset must be non-negative integers.' } };
    }
    // DRF's LimitOffsetPagination clamps to max_limit rather than refusing.
    const limit = Math.min(limitRaw === null ? 10 : Number(limitRaw) || 10, 100);
    const offset = offsetRaw === null ? 0 : Number(offsetRaw);

    const events = eventsBetween(startDay!, endDay! + DAY, now()).filter((e) => e.org === org);
    const byUser = new Map<string, { id: number; total: number; last: number; sessions: Map<string, number> }>();
    for (const e of events) {
      let u = byUser.get(e.user.username);
      if (!u) byUser.set(e.user.username, (u = { id: e.user.id, total: 0, last: e.ts, sessions: new Map() }));
      u.total += e.costE8;
      u.last = Math.max(u.last, e.ts);
      u.sessions.set(e.sessionId, (u.sessions.get(e.sessionId) ?? 0) + e.costE8);
    }
    const rows = [...byUser.entries()]
      .map(([username, u]) => ({ username, id: u.id, last: u.last, totalE8: u.total, sessions: u.sessions }))
      .sort((a, b) => b.totalE8 - a.totalE8 || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
    const page = rows.slice(offset, offset + limit).map((r) =>
      options.documentedRows
        ? { id: String(r.id), name: r.username, date: new Date(r.last).toISOString() }
        : {
            username: r.username,
            total_cost: usdFloat(r.totalE8),
            user_sessions: [...r.sessions.entries()].map(([session_id, c]) => ({ session_id, cost: usdFloat(c) })),
          },
    );
    const origin = options.publicOrigin ?? `http://${req.headers.host ?? 'localhost'}`;
    const link = (o: number) => {
      const u = new URL(`${prefix}/api/ai-analytics/orgs/${encodeURIComponent(org)}/users/${encodeURIComponent(userId)}/costs/peruser/`, origin);
      u.searchParams.set('start_date', q.get('start_date')!);
      u.searchParams.set('end_date', q.get('end_date')!);
      u.searchParams.set('limit', String(limit));
      if (o > 0) u.searchParams.set('offset', String(o));
      return u.toString();
    };
    return {
      status: 200,
      body: {
        count: rows.length,
        next: offset + limit < rows.length ? link(offset + limit) : null,
        previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
        results: page,
      },
    };
  }
}

/** Starts the iblai simulator on 127.0.0.1 (ephemeral port). */
export function startIblaiSimulator(options: IblaiSimulatorOptions = {}): Promise<SimulatorServer> {
  return startSimulatorServer({ handler: createIblaiHandler(options), latencyMs: options.latencyMs, log: options.log, port: options.port });
}

/** Credentials the demo gateway uses against this simulator. */
export const IBLAI_DEMO_CONFIG = { apiToken: IBLAI_DEMO_TOKEN } as const;
