import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';
import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';

// The type predicates must come from the graphql instance that built the schema (Apollo and
// graphql-tools load its CommonJS build; a test runner may hand ESM imports the .mjs build,
// and graphql's instanceof checks refuse types from the other one). In plain Node both are
// the same module.
const { getArgumentValues, getNamedType, getNullableType, isCompositeType, isListType, isObjectType, isInterfaceType, Kind } =
  createRequire(import.meta.url)('graphql') as typeof GraphQLModule;

/** What the limits check measures of one operation. */
export interface OperationMeasures {
  depth: number;
  aliases: number;
  rootFields: number;
  /** Estimated objects returned (list sizes and time ranges priced, see README). */
  cost: number;
}

// Upstream caps the estimate prices with (CONTRACTS.md, design.md §3).
const CALL_STATS_MAX_BUCKETS = 10_000;
const CALL_COUNTS_MAX_POINTS = 100;
const CALL_STATS_MODELS_GUESS = 5;
const UNKNOWN_LIST = 10;
const DEFAULT_FIRST: Record<string, number> = { userCosts: 10, callCountsByLabel: 64, callBuckets: 1000, usageBuckets: 1000 };
const BUCKET_DAYS: Record<string, number> = { DAY: 1, WEEK: 7, MONTH: 31 };
const DAY_MS = 86_400_000;
/** Stops walking pathological fragment expansions early: far above any real ceiling. */
const MAX_VISITS = 200_000;

type Args = Record<string, unknown>;
interface Frame {
  field: string;
  args: Args;
}

/**
 * Measures an operation before execution: depth, aliases, root fields and a cost estimate.
 * The cost is the estimated number of objects in the answer: every object field costs the
 * product of the list sizes above it; lists are priced from their arguments (`first`, `ids`,
 * `limit`) and from time ranges (call-stats buckets from range and granularity, capped at
 * 10,000; call-counts series points, at most 100; Ejento points from window and bucket).
 * Introspection fields are not counted.
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
  now: number = Date.now(),
): OperationMeasures {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  const m: OperationMeasures = { depth: 0, aliases: 0, rootFields: 0, cost: 0 };
  if (!root) return m;
  let visits = 0;

  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, multiplier: number, depth: number, stack: Frame[]) => {
    for (const sel of set.selections) {
      if (++visits > MAX_VISITS) {
        m.cost = Number.POSITIVE_INFINITY;
        return;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        walk(sel.selectionSet, isCompositeType(cond) ? cond : type, multiplier, depth, stack);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        const cond = frag && schema.getType(frag.typeCondition.name.value);
        if (frag) walk(frag.selectionSet, isCompositeType(cond) ? cond : type, multiplier, depth, stack);
        continue;
      }
      const name = sel.name.value;
      if (name.startsWith('__')) continue;
      if (sel.alias) m.aliases++;
      if (depth === 1) m.rootFields++;
      m.depth = Math.max(m.depth, depth);
      const def = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
      if (!def) continue;
      let args: Args = {};
      try {
        args = getArgumentValues(def, sel, variables);
      } catch {
        // Invalid variables: execution answers them; the estimate uses defaults.
      }
      const frames = [...stack, { field: name, args }];
      const size = isListType(getNullableType(def.type)) || args.first !== undefined || name in DEFAULT_FIRST ? listSize(name, args, frames, now) : 1;
      const inner = multiplier * size;
      const named = getNamedType(def.type);
      if (isCompositeType(named)) {
        m.cost += inner;
        if (sel.selectionSet) walk(sel.selectionSet, named, inner, depth + 1, frames);
      }
    }
  };
  walk(operation.selectionSet, root, 1, 1, []);
  return m;
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : fallback;
}

function listSize(name: string, args: Args, frames: Frame[], now: number): number {
  if (name === 'edges' || name === 'nodes') return 1; // priced at the connection
  if (name === 'callBuckets' || name === 'usageBuckets') {
    const stats = findArgs(frames, 'callStats');
    const buckets = stats ? callStatsBuckets(stats, now) : CALL_STATS_MAX_BUCKETS;
    const rows = name === 'usageBuckets' ? buckets * CALL_STATS_MODELS_GUESS : buckets;
    return Math.min(num(args.first, DEFAULT_FIRST[name]!), rows);
  }
  if (args.first !== undefined || name in DEFAULT_FIRST) return num(args.first, DEFAULT_FIRST[name] ?? UNKNOWN_LIST);
  if (Array.isArray(args.ids)) return args.ids.length;
  if ('limit' in args || name === 'topEntities' || name === 'mostActive' || name === 'recent') return num(args.limit, 10);
  if (name === 'points') {
    const windowed = [...frames].reverse().find((f) => 'window' in f.args || 'bucket' in f.args);
    return windowed ? ejentoBuckets(windowed.args, now) : CALL_COUNTS_MAX_POINTS;
  }
  if (name === 'metrics') {
    const stats = findArgs(frames, 'callStats');
    return stats ? metricCount(stats) : UNKNOWN_LIST;
  }
  return UNKNOWN_LIST;
}

function findArgs(frames: Frame[], field: string): Args | undefined {
  return frames.find((f) => f.field === field)?.args;
}

function rangeMs(range: unknown, now: number, fallback: number): number {
  const r = range as { start?: unknown; end?: unknown } | undefined;
  if (!r || r.start === undefined) return fallback;
  const ms = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN);
  const start = ms(r.start);
  const end = r.end == null ? now : ms(r.end);
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? end - start : fallback;
}

/** call-stats bucket count: range / granularity (default by range, CONTRACTS.md §3), at most 10,000. */
function callStatsBuckets(args: Args, now: number): number {
  const range = rangeMs(args.range, now, 31 * DAY_MS) / 1000;
  const h = 3600;
  const auto = range <= 2 * h ? 300 : range <= 12 * h ? h : range <= 3 * 24 * h ? 6 * h : range <= 14 * 24 * h ? 12 * h : 24 * h;
  const granularity = num(args.granularity, auto) || auto;
  return Math.min(CALL_STATS_MAX_BUCKETS, Math.max(1, Math.ceil(range / granularity)));
}

function metricCount(args: Args): number {
  let n = 0;
  for (const list of [args.usageMetrics, args.callMetrics]) {
    if (!Array.isArray(list)) continue;
    for (const m of list as Array<{ aggregations?: unknown; percentiles?: unknown }>) {
      n += (Array.isArray(m?.aggregations) ? m.aggregations.length : 1) + (Array.isArray(m?.percentiles) ? m.percentiles.length : 0);
    }
  }
  return Math.max(1, n);
}

/** Ejento buckets: the window (default the last 30 days) over the bucket width (default a day), plus the partial ones. */
function ejentoBuckets(args: Args, now: number): number {
  const w = args.window as { lastDays?: unknown; range?: unknown } | undefined;
  const days = w?.range !== undefined ? rangeMs(w.range, now, 30 * DAY_MS) / DAY_MS : num(w?.lastDays, 30) + 1;
  const width = BUCKET_DAYS[String(args.bucket)] ?? 1;
  return Math.ceil(days / width) + 1;
}
