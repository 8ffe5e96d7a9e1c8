import { badUserInput } from '../errors.js';
import type { GatewayContext } from '../context.js';
import type { Resolvers } from '../generated/graphql.js';
import { resolveFirst, toConnection } from '../lib/connection.js';
import { bindingOf, cursorInt, decodeCursor, encodeCursor } from '../lib/cursor.js';
import { toMetricValues } from '../sources/callStats/mapping.js';
import { MAX_RANGE_MS, toCallStatsRequest } from '../sources/callStats/request.js';
import type { CallStatsResult, CallStatsView, MetricSpec, ParsedBucket } from '../sources/callStats/types.js';

const BUCKETS_DEFAULT = 1000;
const BUCKETS_MAX = 10_000;

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * One page of a bucket list. The cursor is bound to the field's arguments as given and carries
 * the resolved range, so page 2 of a range ending "now" reads the same range as page 1 (one
 * more upstream call only when that range is no longer the parent's).
 */
async function bucketPage<B extends ParsedBucket, N>(
  kind: string,
  view: CallStatsView,
  args: PageArgs,
  ctx: GatewayContext,
  extraBinding: unknown,
  pick: (result: CallStatsResult) => B[],
  toNode: (bucket: B) => N,
) {
  const first = resolveFirst(args.first, BUCKETS_DEFAULT, BUCKETS_MAX);
  const binding = bindingOf([kind, view.binding, extraBinding]);
  let offset = 0;
  let { start, end } = view.request;
  let result = view.result;
  if (args.after != null) {
    const c = decodeCursor(kind, binding, args.after);
    offset = cursorInt(c, 'i') + 1;
    const s = cursorInt(c, 's');
    const e = cursorInt(c, 'e');
    if (!(s < e) || e - s > MAX_RANGE_MS) throw badUserInput('`after` is not a valid cursor.');
    if (s !== start || e !== end) {
      result = await ctx.loaders.callStats.stats.load({ ...view.request, start: s, end: e });
      start = s;
      end = e;
    }
  }
  const all = pick(result);
  const nodes = all.slice(offset, offset + first).map(toNode);
  return toConnection(nodes, (_n, i) => encodeCursor(kind, binding, { i: offset + i, s: start, e: end }), {
    hasNextPage: offset + nodes.length < all.length,
    hasPreviousPage: offset > 0,
    totalCount: all.length,
  });
}

const node = (specs: readonly MetricSpec[]) => (b: ParsedBucket) => ({ start: b.start, end: b.end, count: b.count, metrics: toMetricValues(specs, b.cells) });

/** call-stats fields: arguments validated before any call, data from the per-request loader only. */
export const callStatsResolvers: Resolvers = {
  Query: {
    async callStats(_root, args, ctx) {
      const request = toCallStatsRequest(args, ctx.now);
      // Bound to the arguments as given (an open end stays open) and their canonical form.
      const binding = bindingOf([args.projectId, args.range.start, args.range.end ?? null, request.granularity, request.timezone, request.usage, request.call, request.filter]);
      const result = await ctx.loaders.callStats.stats.load(request);
      return { request, result, binding };
    },
  },
  CallStats: {
    start: (v) => v.result.start,
    end: (v) => v.result.end,
    granularity: (v) => v.result.granularity,
    timezone: (v) => v.result.timezone,
    effectiveRange: (v) => ({ start: v.request.start, end: v.request.end }),
    models: (v) => (v.request.usage.length === 0 ? [] : [...new Set(v.result.usageBuckets.map((b) => b.model))].sort()),
    callBuckets(v, args, ctx) {
      // A merged upstream call may carry call buckets this field did not ask for.
      const pick = (r: CallStatsResult) => (v.request.call.length === 0 ? [] : r.callBuckets);
      return bucketPage('callBuckets', v, args, ctx, null, pick, node(v.request.call));
    },
    usageBuckets(v, args, ctx) {
      const model = args.model ?? null;
      const pick = (r: CallStatsResult) =>
        v.request.usage.length === 0 ? [] : model === null ? r.usageBuckets : r.usageBuckets.filter((b) => b.model === model);
      const toNode = (b: CallStatsResult['usageBuckets'][number]) => ({ ...node(v.request.usage)(b), model: b.model });
      return bucketPage('usageBuckets', v, args, ctx, model, pick, toNode);
    },
  },
};
