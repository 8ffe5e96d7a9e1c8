import { ErrorCode, UpstreamError, badUserInput } from '../../errors.js';
import type { EjentoBucket, EjentoScope, Resolvers } from '../../generated/graphql.js';
import type { GatewayContext } from '../../context.js';
import type { EjentoEntityTarget } from './loaders.js';
import { LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT, MAX_IDS } from './paging.js';
import {
  toCostSeries, toEntitySummary, toOrganizationSummary, toQueryCountSeries, toTokenSeries, toVoteSeries,
} from './present.js';
import type { EjentoEntityRef, EjentoRow, EjentoWindowSpec, RowMetric } from './types.js';
import { toEjentoWindow, type EjentoWindowInput } from './window.js';

const ORG_KEY = 'ORGANIZATION';

/** Ejento ids are integers upstream: anything else is the caller's mistake, caught before any call. */
function ejentoId(argName: string, id: string): string {
  if (typeof id !== 'string' || !/^\d{1,18}$/.test(id)) {
    throw badUserInput(`\`${argName}\` must be an Ejento id (a non-negative integer such as "3"), but got ${JSON.stringify(String(id).slice(0, 40))}.`);
  }
  return BigInt(id).toString();
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

/** Loads one entity's metric through the batching loader. */
function load<M extends RowMetric>(ctx: GatewayContext, target: EjentoEntityTarget, id: string, metric: M, window: EjentoWindowSpec | null, bucket: EjentoBucket | null = null) {
  return ctx.loaders.ejento.entity(target, metric, id, window, bucket);
}

/** Groups ids-less list rows by id (every row of a list call must name its entity). */
function rowsById<M extends RowMetric>(rows: ReadonlyArray<EjentoRow<M>>, what: string): Map<string, Array<EjentoRow<M>>> {
  const by = new Map<string, Array<EjentoRow<M>>>();
  for (const r of rows) {
    if (r.id === null) {
      throw new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, 'EJENTO', `EJENTO listed ${what} without ids, so they cannot be identified.`);
    }
    let list = by.get(r.id);
    if (!list) by.set(r.id, (list = []));
    list.push(r);
  }
  return by;
}

const entityKey = (p: EjentoEntityRef) => `${p.scope}:${p.id}`;

/** Ejento fields: arguments validated here, data from the per-request batching loaders only. */
export const ejentoResolvers: Resolvers = {
  Query: {
    ejentoEntity(_root, args, ctx) {
      const id = ejentoId('id', args.id);
      void ctx.loaders.ejento; // SOURCE_NOT_CONFIGURED on the root field, not on every metric
      return { scope: args.scope, id };
    },
    ejentoEntities(_root, args, ctx) {
      if (args.ids.length > MAX_IDS) throw badUserInput(`\`ids\` may hold at most ${MAX_IDS} ids, but got ${args.ids.length}.`);
      const ids = args.ids.map((id, i) => ejentoId(`ids[${i}]`, id));
      void ctx.loaders.ejento;
      return ids.map((id) => ({ scope: args.scope, id }));
    },
    ejentoOrganization(_root, _args, ctx) {
      void ctx.loaders.ejento;
      return {};
    },
  },

  EjentoEntity: {
    id: (p) => p.id,
    scope: (p) => p.scope,
    async name(p, _args, ctx) {
      if (p.name !== undefined) return p.name;
      return ctx.loaders.ejento.name(p.scope, p.id, windowOf(ctx, null));
    },
    createdAt: async (p, _args, ctx) => (await load(ctx, p.scope, p.id, 'recent', null)).value.createdAt,
    lastUsedAt: async (p, _args, ctx) => (await load(ctx, p.scope, p.id, 'recent', null)).value.lastUsedAt,
    async costs(p, args, ctx) {
      const r = await load(ctx, p.scope, p.id, 'costs', windowOf(ctx, args.window), bucketOf(args.bucket));
      return toCostSeries(entityKey(p), r.name ?? p.name ?? null, r.value);
    },
    async tokens(p, args, ctx) {
      const r = await load(ctx, p.scope, p.id, 'tokens', windowOf(ctx, args.window), bucketOf(args.bucket));
      return toTokenSeries(entityKey(p), r.name ?? p.name ?? null, r.value);
    },
    async queryCount(p, args, ctx) {
      const bucket = bucketOf(args.bucket);
      const r = await load(ctx, p.scope, p.id, 'query-count', windowOf(ctx, args.window), bucket);
      return toQueryCountSeries(entityKey(p), r.name ?? p.name ?? null, r.value, bucket);
    },
    async votes(p, args, ctx) {
      const r = await load(ctx, p.scope, p.id, 'votes', windowOf(ctx, args.window), bucketOf(args.bucket));
      return toVoteSeries(entityKey(p), r.name ?? p.name ?? null, r.value);
    },
    documentCount: async (p, args, ctx) => (await load(ctx, p.scope, p.id, 'document-count', windowOf(ctx, args.window))).value,
    indexingModes: async (p, args, ctx) => (await load(ctx, p.scope, p.id, 'indexing-mode', windowOf(ctx, args.window))).value,
    activity: async (p, args, ctx) => (await load(ctx, p.scope, p.id, 'most-active', windowOf(ctx, args.window))).value,
    summary: async (p, args, ctx) => toEntitySummary((await load(ctx, p.scope, p.id, 'summary', windowOf(ctx, args.window))).value),
  },

  EjentoCorpus: {
    id: (p) => p.id,
    async name(p, _args, ctx) {
      if (p.name !== undefined) return p.name;
      return ctx.loaders.ejento.name('CORPUS', p.id, windowOf(ctx, null));
    },
    documentCount: async (p, args, ctx) => (await load(ctx, 'CORPUS', p.id, 'document-count', windowOf(ctx, args.window))).value,
    indexingModes: async (p, args, ctx) => (await load(ctx, 'CORPUS', p.id, 'indexing-mode', windowOf(ctx, args.window))).value,
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
    entityCounts: (_p, _args, ctx) => ctx.loaders.ejento.entityCounts(),

    async topEntities(_p, args, ctx) {
      const window = windowOf(ctx, args.window);
      const limit = listLimit(args.limit);
      const rows = await ctx.loaders.ejento.top(args.scope, 'costs', window, limit);
      const by = rowsById(rows, 'entities');
      // The list call already fetched each entity's cost over this window: seed the loader so a
      // `costs(window: <same>)` under it costs no second request.
      for (const [id, rs] of by) ctx.loaders.ejento.primeEntity(args.scope, 'costs', id, window, rs);
      return [...by.entries()].map(([id, rs]) => ({ scope: args.scope, id, name: rs[0]!.name }));
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
      const rows = await ctx.loaders.ejento.top(args.scope, 'recent', null, listLimit(args.limit));
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
      const by = rowsById(rows, 'corpora');
      for (const [id, rs] of by) ctx.loaders.ejento.primeEntity('CORPUS', 'document-count', id, window, rs);
      return [...by.entries()].map(([id, rs]) => ({ id, name: rs[0]!.name }));
    },
  },
};
