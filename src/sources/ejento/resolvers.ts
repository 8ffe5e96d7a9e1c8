import { ErrorCode, UpstreamError, badUserInput } from '../../errors.js';
import type { EjentoBucket, EjentoScope, Resolvers } from '../../generated/graphql.js';
import type { GatewayContext } from '../../context.js';
import type { EjentoEntityTarget } from './loaders.js';
import { LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT, MAX_IDS } from './paging.js';
import {
  toActivitySeries, toCostSeries, toDocumentCountSeries, toEntitySummary, toEntitySummarySeries, toIndexingModesSeries,
  toOrganizationSummary, toOrganizationSummarySeries, toQueryCountSeries, toTokenSeries, toVoteSeries,
} from './present.js';
import { RANKING_METRICS, rankingValue } from './ranking.js';
import type { EjentoEntityRef, EjentoRankingName, EjentoRow, EjentoWindowSpec, EntityResult, PrefetchedMetric, RowMetric, SeriesMetric } from './types.js';
import { toEjentoWindow, type EjentoWindowInput } from './window.js';
import { prefetchEntityMetrics, selectedPrefetchFields } from './prefetchEntityMetrics.js';

const ORG_KEY = 'ORGANIZATION';

/** Ejento ids are integers upstream: anything else is the caller's mistake, caught before any call. */
export function ejentoId(argName: string, id: string): string {
  if (typeof id !== 'string' || !/^\d{1,18}$/.test(id)) {
    throw badUserInput(`\`${argName}\` must be an Ejento id (a non-negative integer such as "3"), but got ${JSON.stringify(String(id).slice(0, 40))}.`);
  }
  // Already canonical (no leading zero): as is, without a BigInt per id.
  return id.length === 1 || id.charCodeAt(0) !== 48 ? id : BigInt(id).toString();
}

function listLimit(limit: number | null | undefined): number {
  if (limit === null || limit === undefined) return LIST_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_LIMIT) {
    throw badUserInput(`\`limit\` must be an integer from 1 to ${LIST_MAX_LIMIT}, but got ${limit}.`);
  }
  return limit;
}

const windowOf = (ctx: GatewayContext, w: EjentoWindowInput | null | undefined): EjentoWindowSpec => toEjentoWindow(w, ctx);
const bucketOf = (b: EjentoBucket | null | undefined) => b ?? null;
/** A window only when the caller gave one (fields whose omitted window sends no parameters). */
const givenWindowOf = (ctx: GatewayContext, w: EjentoWindowInput | null | undefined): EjentoWindowSpec | null =>
  w === null || w === undefined ? null : toEjentoWindow(w, ctx.now);

/**
 * One entity metric field, presented with the entity's label: from the list's prefetched result
 * when the field is asked without a window or bucket (the same data its loader would give; a
 * failed call fails this field alone, as its load would), else through the batching loader.
 */
function entityMetric<M extends RowMetric, T>(
  p: EjentoEntityRef,
  args: { window?: EjentoWindowInput | null; bucket?: EjentoBucket | null },
  ctx: GatewayContext,
  metric: M,
  pre: PrefetchedMetric<M> | undefined,
  present: (label: string | null, value: EntityResult<M>['value']) => T,
): T | Promise<T> {
  if (pre && args.window == null && args.bucket == null) {
    if (!pre.ok) throw pre.error;
    return present(pre.result.name ?? p.name ?? null, pre.result.value);
  }
  return load(ctx, p.scope, p.id, metric, windowOf(ctx, args.window), bucketOf(args.bucket)).then((r) => present(r.name ?? p.name ?? null, r.value));
}

/** Loads one entity's metric through the batching loader. */
function load<M extends RowMetric>(ctx: GatewayContext, target: EjentoEntityTarget, id: string, metric: M, window: EjentoWindowSpec | null, bucket: EjentoBucket | null = null) {
  return ctx.loaders.ejento.entity(target, metric, id, window, bucket);
}

/** One entity's series of `metric` through the batching loader. */
function loadSeries<M extends SeriesMetric>(ctx: GatewayContext, target: EjentoEntityTarget, id: string, metric: M, window: EjentoWindowSpec, bucket: EjentoBucket) {
  return ctx.loaders.ejento.entitySeries(target, metric, id, window, bucket);
}

/**
 * Groups ids-less list rows by id, in the upstream's order. Every row must name its entity;
 * `tolerant` names the sibling field that lists rows without ids.
 */
function rowsById<M extends RowMetric>(rows: ReadonlyArray<EjentoRow<M>>, what: string, tolerant: string): Map<string, Array<EjentoRow<M>>> {
  const by = new Map<string, Array<EjentoRow<M>>>();
  for (const r of rows) {
    if (r.id === null) {
      throw new UpstreamError(
        ErrorCode.UPSTREAM_BAD_RESPONSE,
        'EJENTO',
        `EJENTO listed ${what} without ids, so they cannot be identified; \`${tolerant}\` lists them (with a null id).`,
      );
    }
    let list = by.get(r.id);
    if (!list) by.set(r.id, (list = []));
    list.push(r);
  }
  return by;
}

const entityKey = (p: EjentoEntityRef) => `${p.scope}:${p.id}`;
const corpusKey = (id: string) => `CORPUS:${id}`;

/** The ids-less top-N call of a ranking (shared by `topEntities` and `ranking` with the same arguments). */
function rankedRows(ctx: GatewayContext, scope: EjentoScope, by: EjentoRankingName | null | undefined, window: EjentoWindowSpec, limit: number) {
  const metric = RANKING_METRICS[by ?? 'COST'];
  return { metric, rows: ctx.loaders.ejento.top(scope, metric, window, limit) };
}

/** Ejento fields: arguments validated here, data from the per-request batching loaders only. */
export const ejentoResolvers: Resolvers = {
  Query: {
    ejentoEntity(_root, args, ctx) {
      const id = ejentoId('id', args.id);
      void ctx.loaders.ejento; // SOURCE_NOT_CONFIGURED on the root field, not on every metric
      return { scope: args.scope, id };
    },
    ejentoEntities(_root, args, ctx, info) {
      if (args.ids.length > MAX_IDS) throw badUserInput(`\`ids\` may hold at most ${MAX_IDS} ids, but got ${args.ids.length}.`);
      const ids = args.ids.map((id, i) => ejentoId(`ids[${i}]`, id));
      void ctx.loaders.ejento;
      const refs: EjentoEntityRef[] = ids.map((id) => ({ scope: args.scope, id }));
      const fields = refs.length > 1 ? selectedPrefetchFields(info) : [];
      if (fields.length === 0) return refs;
      return prefetchEntityMetrics(ctx, refs, fields, windowOf(ctx, null)).then(() => refs);
    },
    ejentoOrganization(_root, _args, ctx) {
      void ctx.loaders.ejento;
      return {};
    },
  },

  // `id` and `scope` are the ref's own properties: no resolver, so the compiled executor reads
  // them inline (a resolver costs an info object and closures per item of a list).
  EjentoEntity: {
    name(p, _args, ctx) {
      if (p.name !== undefined) return p.name;
      // A prefetched metric's rows name the entity: no wait for the name loader's next turn.
      const prefetched = p.prefetched as Record<string, PrefetchedMetric<RowMetric> | undefined> | undefined;
      let answered = false;
      let failed = false;
      for (const k in prefetched) {
        const pre = prefetched[k];
        if (!pre?.ok) failed = true;
        else if (pre.result.name !== null) return pre.result.name;
        else answered = true;
      }
      // Every metric the list fetched answered without a row for this id: no name, decided now.
      // The name loader would conclude the same a turn later, through promises per entity,
      // unless another field of the operation asked this entity in another window with a row.
      if (answered && !failed) return null;
      return ctx.loaders.ejento.name(p.scope, p.id, windowOf(ctx, null));
    },
    createdAt: async (p, _args, ctx) => (await load(ctx, p.scope, p.id, 'recent', null)).value.createdAt,
    lastUsedAt: async (p, _args, ctx) => (await load(ctx, p.scope, p.id, 'recent', null)).value.lastUsedAt,
    costs: (p, args, ctx) => entityMetric(p, args, ctx, 'costs', p.prefetched?.costs, (label, v) => toCostSeries(entityKey(p), label, v)),
    tokens: (p, args, ctx) => entityMetric(p, args, ctx, 'tokens', p.prefetched?.tokens, (label, v) => toTokenSeries(entityKey(p), label, v)),
    queryCount: (p, args, ctx) =>
      entityMetric(p, args, ctx, 'query-count', p.prefetched?.queryCount, (label, v) => toQueryCountSeries(entityKey(p), label, v, bucketOf(args.bucket))),
    votes: (p, args, ctx) => entityMetric(p, args, ctx, 'votes', p.prefetched?.votes, (label, v) => toVoteSeries(entityKey(p), label, v)),
    documentCount: async (p, args, ctx) => (await load(ctx, p.scope, p.id, 'document-count', windowOf(ctx, args.window))).value,
    indexingModes: async (p, args, ctx) => (await load(ctx, p.scope, p.id, 'indexing-mode', windowOf(ctx, args.window))).value,
    activity: async (p, args, ctx) => (await load(ctx, p.scope, p.id, 'most-active', windowOf(ctx, args.window))).value,
    summary: async (p, args, ctx) => toEntitySummary((await load(ctx, p.scope, p.id, 'summary', windowOf(ctx, args.window))).value),
    async documentCountSeries(p, args, ctx) {
      const r = await loadSeries(ctx, p.scope, p.id, 'document-count', windowOf(ctx, args.window), args.bucket);
      return toDocumentCountSeries(entityKey(p), r.name ?? p.name ?? null, r.value);
    },
    async indexingModesSeries(p, args, ctx) {
      const r = await loadSeries(ctx, p.scope, p.id, 'indexing-mode', windowOf(ctx, args.window), args.bucket);
      return toIndexingModesSeries(entityKey(p), r.name ?? p.name ?? null, r.value);
    },
    async summarySeries(p, args, ctx) {
      const r = await loadSeries(ctx, p.scope, p.id, 'summary', windowOf(ctx, args.window), args.bucket);
      return toEntitySummarySeries(entityKey(p), r.name ?? p.name ?? null, r.value);
    },
    async activitySeries(p, args, ctx) {
      const r = await loadSeries(ctx, p.scope, p.id, 'most-active', windowOf(ctx, args.window), args.bucket);
      return toActivitySeries(entityKey(p), r.name ?? p.name ?? null, r.value);
    },
  },

  EjentoCorpus: {
    async name(p, _args, ctx) {
      if (p.name !== undefined) return p.name;
      return ctx.loaders.ejento.name('CORPUS', p.id, windowOf(ctx, null));
    },
    documentCount: async (p, args, ctx) => (await load(ctx, 'CORPUS', p.id, 'document-count', windowOf(ctx, args.window))).value,
    indexingModes: async (p, args, ctx) => (await load(ctx, 'CORPUS', p.id, 'indexing-mode', windowOf(ctx, args.window))).value,
    async documentCountSeries(p, args, ctx) {
      const r = await loadSeries(ctx, 'CORPUS', p.id, 'document-count', windowOf(ctx, args.window), args.bucket);
      return toDocumentCountSeries(corpusKey(p.id), r.name ?? p.name ?? null, r.value);
    },
    async indexingModesSeries(p, args, ctx) {
      const r = await loadSeries(ctx, 'CORPUS', p.id, 'indexing-mode', windowOf(ctx, args.window), args.bucket);
      return toIndexingModesSeries(corpusKey(p.id), r.name ?? p.name ?? null, r.value);
    },
  },

  EjentoOrganization: {
    async costs(_p, args, ctx) {
      const s = await ctx.loaders.ejento.organization('costs', windowOf(ctx, args.window), bucketOf(args.bucket));
      return toCostSeries(ORG_KEY, null, s);
    },
    async tokens(_p, args, ctx) {
      return toTokenSeries(ORG_KEY, null, await ctx.loaders.ejento.organization('tokens', windowOf(ctx, args.window), bucketOf(args.bucket)));
    },
    async queryCount(_p, args, ctx) {
      const bucket = bucketOf(args.bucket);
      return toQueryCountSeries(ORG_KEY, null, await ctx.loaders.ejento.organization('query-count', windowOf(ctx, args.window), bucket), bucket);
    },
    async votes(_p, args, ctx) {
      return toVoteSeries(ORG_KEY, null, await ctx.loaders.ejento.organization('votes', windowOf(ctx, args.window), bucketOf(args.bucket)));
    },
    documentCount: (_p, args, ctx) => ctx.loaders.ejento.organization('document-count', windowOf(ctx, args.window), null),
    indexingModes: (_p, args, ctx) => ctx.loaders.ejento.organization('indexing-mode', windowOf(ctx, args.window), null),
    summary: async (_p, args, ctx) => toOrganizationSummary(await ctx.loaders.ejento.organizationSummary(windowOf(ctx, args.window))),
    async documentCountSeries(_p, args, ctx) {
      return toDocumentCountSeries(ORG_KEY, null, await ctx.loaders.ejento.organizationSeries('document-count', windowOf(ctx, args.window), args.bucket));
    },
    async indexingModesSeries(_p, args, ctx) {
      return toIndexingModesSeries(ORG_KEY, null, await ctx.loaders.ejento.organizationSeries('indexing-mode', windowOf(ctx, args.window), args.bucket));
    },
    async summarySeries(_p, args, ctx) {
      return toOrganizationSummarySeries(ORG_KEY, await ctx.loaders.ejento.organizationSummarySeries(windowOf(ctx, args.window), args.bucket));
    },
    entityCounts: (_p, _args, ctx) => ctx.loaders.ejento.entityCounts(),

    async topEntities(_p, args, ctx) {
      const window = windowOf(ctx, args.window);
      const limit = listLimit(args.limit);
      const { metric, rows } = rankedRows(ctx, args.scope, args.by, window, limit);
      const by = rowsById(await rows, 'entities', 'ranking');
      // The list call already fetched each entity's ranking metric over this window: seed the
      // loader so e.g. `costs(window: <same>)` under it costs no second request.
      for (const [id, rs] of by) ctx.loaders.ejento.primeEntity(args.scope, metric, id, window, rs);
      return [...by.entries()].map(([id, rs]) => ({ scope: args.scope, id, name: rs[0]!.name }));
    },
    async ranking(_p, args, ctx) {
      const window = windowOf(ctx, args.window);
      const limit = listLimit(args.limit);
      const { metric, rows: pending } = rankedRows(ctx, args.scope, args.by, window, limit);
      const rows = await pending;
      const byId = new Map<string, Array<EjentoRow<typeof metric>>>();
      for (const r of rows) if (r.id !== null) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
      for (const [id, rs] of byId) ctx.loaders.ejento.primeEntity(args.scope, metric, id, window, rs);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        scope: args.scope,
        value: rankingValue(metric, r),
        entity: r.id === null ? null : { scope: args.scope as EjentoScope, id: r.id, name: r.name },
      }));
    },
    async mostActive(_p, args, ctx) {
      const rows = await ctx.loaders.ejento.top(args.scope, 'most-active', windowOf(ctx, args.window), listLimit(args.limit));
      return rows.map((r) => ({
        id: r.id,
        scope: args.scope,
        name: r.name,
        queryCount: r.value.queryCount,
        lastActive: r.value.lastActive,
        entity: r.id === null ? null : { scope: args.scope as EjentoScope, id: r.id, name: r.name },
      }));
    },
    async recent(_p, args, ctx) {
      // Like every other field, the window is sent when given; omitted, no window parameters.
      const rows = await ctx.loaders.ejento.top(args.scope, 'recent', givenWindowOf(ctx, args.window), listLimit(args.limit));
      return rows.map((r) => ({
        id: r.id,
        scope: args.scope,
        name: r.name,
        createdAt: r.value.createdAt,
        lastUsedAt: r.value.lastUsedAt,
        entity: r.id === null ? null : { scope: args.scope as EjentoScope, id: r.id, name: r.name },
      }));
    },
    async corpora(_p, args, ctx) {
      if (args.ids) {
        if (args.ids.length > MAX_IDS) throw badUserInput(`\`ids\` may hold at most ${MAX_IDS} ids, but got ${args.ids.length}.`);
        return args.ids.map((id, i) => ({ id: ejentoId(`ids[${i}]`, id) }));
      }
      const window = windowOf(ctx, args.window);
      const rows = await ctx.loaders.ejento.top('CORPUS', 'document-count', window, listLimit(args.limit));
      const by = rowsById(rows, 'corpora', 'corpusRanking');
      for (const [id, rs] of by) ctx.loaders.ejento.primeEntity('CORPUS', 'document-count', id, window, rs);
      return [...by.entries()].map(([id, rs]) => ({ id, name: rs[0]!.name }));
    },
    async corpusRanking(_p, args, ctx) {
      const window = windowOf(ctx, args.window);
      const rows = await ctx.loaders.ejento.top('CORPUS', 'document-count', window, listLimit(args.limit));
      const byId = new Map<string, Array<EjentoRow<'document-count'>>>();
      for (const r of rows) if (r.id !== null) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
      for (const [id, rs] of byId) ctx.loaders.ejento.primeEntity('CORPUS', 'document-count', id, window, rs);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        documentCount: r.value.count,
        corpus: r.id === null ? null : { id: r.id, name: r.name },
      }));
    },
  },
};
