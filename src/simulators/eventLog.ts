/**
 * The demo world every simulator reads: one deterministic, procedurally generated log of LLM
 * calls. Each hour's events are derived from a hash of the hour, so any range can be asked for
 * without storing anything, and iblai, call-counts, call-stats and Ejento all report numbers
 * that agree (the same users, projects, models and costs).
 */

export interface DemoUser { id: number; username: string; email: string; teamId: number }
export interface DemoAgent { id: number; name: string; projectId: number; corpusId: number }
export interface DemoProject { id: number; name: string; teamId: number; callStatsProject: string }
export interface DemoTeam { id: number; name: string }
export interface DemoCorpus { id: number; name: string; documentCount: number; indexingMode: string }
export interface DemoModel { name: string; inputPerMTok: number; outputPerMTok: number; latencyBase: number }

export interface DemoEvent {
  /** Start of the call, epoch ms. */
  ts: number;
  org: string;
  user: DemoUser;
  agent: DemoAgent;
  project: DemoProject;
  teamId: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Cost in units of 1e-8 USD (integer), so every backend can render it exactly. */
  costE8: number;
  latencyMs: number;
  error: boolean;
  /** call-counts endpoint group this call was served by. */
  endpoint: string;
  recoType: string;
  scenario: string;
  sessionId: string;
  /** 1 upvote, -1 downvote, 0 none. */
  vote: 1 | -1 | 0;
  opName: string;
}

const FIRST_NAMES = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj',
  'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'ursula', 'victor', 'walter', 'xena', 'yusuf', 'zoe', 'amir', 'bea',
];

export const DEMO_ORG = 'main';
/** The iblai admin on whose behalf demo requests are made. */
export const DEMO_ADMIN = 'admin@main';

export const DEMO_TEAMS: readonly DemoTeam[] = [
  { id: 1, name: 'Support' }, { id: 2, name: 'Sales' }, { id: 3, name: 'Research' }, { id: 4, name: 'Platform' },
];
export const DEMO_USERS: readonly DemoUser[] = FIRST_NAMES.map((n, i) => ({
  id: i + 1, username: n, email: `${n}@example.com`, teamId: (i % 4) + 1,
}));
export const DEMO_PROJECTS: readonly DemoProject[] = [
  { id: 1, name: 'Support Bot', teamId: 1, callStatsProject: 'acme/support-bot' },
  { id: 2, name: 'Sales Assistant', teamId: 2, callStatsProject: 'acme/sales-assistant' },
  { id: 3, name: 'Paper Reader', teamId: 3, callStatsProject: 'acme/paper-reader' },
  { id: 4, name: 'Code Helper', teamId: 4, callStatsProject: 'acme/code-helper' },
  { id: 5, name: 'Onboarding Guide', teamId: 1, callStatsProject: 'acme/onboarding' },
  { id: 6, name: 'Market Watch', teamId: 2, callStatsProject: 'acme/market-watch' },
];
export const DEMO_CORPORA: readonly DemoCorpus[] = [
  { id: 1, name: 'Help Center', documentCount: 1240, indexingMode: 'semantic' },
  { id: 2, name: 'Product Specs', documentCount: 310, indexingMode: 'hybrid' },
  { id: 3, name: 'Research Papers', documentCount: 5120, indexingMode: 'semantic' },
  { id: 4, name: 'Code Base', documentCount: 8800, indexingMode: 'keyword' },
];
export const DEMO_AGENTS: readonly DemoAgent[] = [
  { id: 1, name: 'Tier-1 Helper', projectId: 1, corpusId: 1 },
  { id: 2, name: 'Refund Desk', projectId: 1, corpusId: 1 },
  { id: 3, name: 'Lead Qualifier', projectId: 2, corpusId: 2 },
  { id: 4, name: 'Quote Writer', projectId: 2, corpusId: 2 },
  { id: 5, name: 'Abstract Summarizer', projectId: 3, corpusId: 3 },
  { id: 6, name: 'Citation Finder', projectId: 3, corpusId: 3 },
  { id: 7, name: 'Reviewer', projectId: 4, corpusId: 4 },
  { id: 8, name: 'Test Writer', projectId: 4, corpusId: 4 },
  { id: 9, name: 'Welcome Guide', projectId: 5, corpusId: 1 },
  { id: 10, name: 'News Digest', projectId: 6, corpusId: 2 },
];
export const DEMO_MODELS: readonly DemoModel[] = [
  { name: 'gpt-4o', inputPerMTok: 2.5, outputPerMTok: 10, latencyBase: 900 },
  { name: 'gpt-4o-mini', inputPerMTok: 0.15, outputPerMTok: 0.6, latencyBase: 450 },
  { name: 'claude-sonnet-4', inputPerMTok: 3, outputPerMTok: 15, latencyBase: 1100 },
  { name: 'llama-3.1-70b', inputPerMTok: 0.6, outputPerMTok: 0.8, latencyBase: 700 },
];
export const DEMO_ENDPOINTS = ['RECOMMENDATION', 'USERINTERACTION', 'USERRATING', 'ITEMPROPERTIES', 'CHAT', 'LLM'];
export const DEMO_RECO_TYPES = ['item_to_items', 'profile_to_items', 'session_to_items'];
export const DEMO_SCENARIOS = ['homepage', 'similar', 'checkout'];

const HOUR = 3_600_000;

/** mulberry32: tiny, fast, good enough for demo data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

const hourCache = new Map<number, DemoEvent[]>();
const HOUR_CACHE_MAX = 24 * 120;

/** The events whose start lies in the hour starting at `hourIndex * 1h`. */
export function eventsOfHour(hourIndex: number): DemoEvent[] {
  const cached = hourCache.get(hourIndex);
  if (cached) return cached;
  const r = rng(Math.imul(hourIndex, 2654435761) ^ 0x5eed);
  const start = hourIndex * HOUR;
  const d = new Date(start);
  const hourOfDay = d.getUTCHours();
  const weekday = d.getUTCDay();
  // Busy in (UTC) working hours, quieter at weekends.
  const diurnal = 0.35 + 0.65 * Math.max(0, Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI));
  const weekly = weekday === 0 || weekday === 6 ? 0.45 : 1;
  const n = Math.floor((3 + r() * 14) * diurnal * weekly);
  const events: DemoEvent[] = [];
  for (let i = 0; i < n; i++) {
    const user = DEMO_USERS[Math.floor(r() ** 1.6 * DEMO_USERS.length)]!; // a few heavy users
    const agent = pick(r, DEMO_AGENTS);
    const project = DEMO_PROJECTS[agent.projectId - 1]!;
    const model = DEMO_MODELS[Math.floor(r() ** 1.3 * DEMO_MODELS.length)]!;
    const inputTokens = 200 + Math.floor(r() * 3800);
    const outputTokens = 50 + Math.floor(r() * 900);
    const costE8 = Math.round(inputTokens * model.inputPerMTok * 100 + outputTokens * model.outputPerMTok * 100);
    const roll = r();
    events.push({
      ts: start + Math.floor(r() * HOUR),
      org: DEMO_ORG,
      user,
      agent,
      project,
      teamId: project.teamId,
      model: model.name,
      inputTokens,
      outputTokens,
      costE8,
      latencyMs: Math.round(model.latencyBase * (0.5 + r() * 1.5) + outputTokens * 2),
      error: roll < 0.03,
      endpoint: pick(r, DEMO_ENDPOINTS),
      recoType: pick(r, DEMO_RECO_TYPES),
      scenario: pick(r, DEMO_SCENARIOS),
      sessionId: `s-${Math.floor(hourIndex / 24).toString(36)}-${user.id}-${Math.floor(r() * 3)}`,
      vote: roll > 0.9 ? 1 : roll > 0.86 ? -1 : 0,
      opName: pick(r, ['chat.completion', 'retrieve', 'rerank', 'summarize']),
    });
  }
  events.sort((a, b) => a.ts - b.ts);
  if (hourCache.size >= HOUR_CACHE_MAX) hourCache.delete(hourCache.keys().next().value!);
  hourCache.set(hourIndex, events);
  return events;
}

/** Events with `start <= ts < end` and `ts <= now`, in time order. */
export function eventsBetween(start: number, end: number, now: number = Date.now()): DemoEvent[] {
  const stop = Math.min(end, now + 1);
  const out: DemoEvent[] = [];
  if (!(start < stop)) return out;
  for (let h = Math.floor(start / HOUR); h * HOUR < stop; h++) {
    for (const e of eventsOfHour(h)) if (e.ts >= start && e.ts < stop) out.push(e);
  }
  return out;
}

/** USD as a float, the way iblai and call-stats report it. */
export function usdFloat(costE8: number): number {
  return costE8 / 1e8;
}

/** USD as Ejento's 5-place decimal string (half-up from exact integer units). */
export function usdString5(costE8: number): string {
  const units = Math.round(costE8 / 1000); // 1e-5 USD
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  return `${sign}${Math.floor(abs / 100000)}.${String(abs % 100000).padStart(5, '0')}`;
}
