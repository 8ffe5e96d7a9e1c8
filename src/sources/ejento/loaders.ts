import DataLoader from 'dataloader';
import type { ResolvedRange } from '../../lib/timeRange.js';
import type { RequestScope } from '../scope.js';
import type { EjentoClient } from './client.js';
import { toEntityCounts, toMetricResult, toOrgSummary, toOrgSummarySeries, toSeries } from './mapping.js';
import { operationOf } from './operations.js';
import type {
  EjentoBucketName, EjentoRow, EjentoScopeName, EjentoWindowSpec, EntityCountsValue, EntityResult, MetricResults,
  OrgSummaryValue, PrefetchedMetric, RowMetric, SeriesData, SeriesMetric, SeriesValues,
} from './types.js';

/** Targets whose rows name an entity by id. */
export type EjentoEntityTarget = EjentoScopeName | 'CORPUS';

/**
 * Per-request loaders of Ejento. Entity metrics go through one DataLoader per
 * (target, metric, window, bucket): every id asked for in the same tick becomes one upstream
 * request with repeated `<e>_id` (split past maxBatchSize), and identical calls are made once.
 */
export interface EjentoLoaders {
  /** One entity's value of `metric`: batched with every other id of the same group. */
  entity<M extends RowMetric>(
    target: EjentoEntityTarget, metric: M, id: string, window: EjentoWindowSpec | null, bucket: EjentoBucketName | null,
  ): Promise<EntityResult<M>>;
  /**
   * `entity` for many ids of one group at once (a list's prefetch): one loader lookup for all,
   * and each id's outcome settled in place (a failed batch fails only its own entries).
   */
  entityMany<M extends RowMetric>(
    target: EjentoEntityTarget, metric: M, ids: readonly string[], window: EjentoWindowSpec | null, bucket: EjentoBucketName | null,
  ): Promise<Array<PrefetchedMetric<M>>>;
  /**
   * One entity's `metric` as a calendar series (`time_series=true&bucket_type=…`), batched like
   * `entity` (and sharing its upstream call when `entity` asks the same metric, window and bucket).
   */
  entitySeries<M extends SeriesMetric>(
    target: EjentoEntityTarget, metric: M, id: string, window: EjentoWindowSpec, bucket: EjentoBucketName,
  ): Promise<{ name: string | null; value: SeriesData<SeriesValues[M]> }>;
  /**
   * An entity's name. Metric rows carry names, so this first waits for the metric loads of the
   * same operation and takes the name from their rows (null when they answered without a row
   * for it); only ids with no answered metric call are asked of a fallback call (batched):
   * `recent` for entity scopes, `document-count` over `fallbackWindow` for corpora. So
   * `{ name costs }` costs one request per batch, not two.
   */
  name(target: EjentoEntityTarget, id: string, fallbackWindow: EjentoWindowSpec): Promise<string | null>;
  /** Seeds the entity loader with rows already fetched by a list call (no second request). */
  primeEntity<M extends RowMetric>(
    target: EjentoEntityTarget, metric: M, id: string, window: EjentoWindowSpec | null, rows: ReadonlyArray<EjentoRow<M>>,
  ): void;
  /** An organization-wide metric (rows without entity fields). */
  organization<M extends RowMetric>(metric: M, window: EjentoWindowSpec, bucket: EjentoBucketName | null): Promise<MetricResults[M]>;
  /** An organization-wide metric as a calendar series (the same upstream call as `organization` with that bucket). */
  organizationSeries<M extends SeriesMetric>(metric: M, window: EjentoWindowSpec, bucket: EjentoBucketName): Promise<SeriesData<SeriesValues[M]>>;
  organizationSummary(window: EjentoWindowSpec): Promise<OrgSummaryValue>;
  /**
   * The organization's summary per bucket. Ejento's organization-wide summary answers one
   * object even with `time_series`, so it is assembled from the series of the metrics that feed
   * it: costs, tokens, query-count, votes and document-count (calls shared with other fields).
   */
  organizationSummarySeries(window: EjentoWindowSpec, bucket: EjentoBucketName): Promise<SeriesData<OrgSummaryValue>>;
  entityCounts(): Promise<EntityCountsValue>;
  /** The ids-less call: Ejento's top `limit` rows of a target's metric (ranked by that metric). */
  top<M extends RowMetric>(target: EjentoEntityTarget, metric: M, window: EjentoWindowSpec | null, limit: number): Promise<Array<EjentoRow<M>>>;
}

export interface EjentoLoadersOptions {
  /** Most ids in one upstream request (EJENTO_MAX_BATCH_SIZE). */
  maxBatchSize: number;
}

const NO_RANGE: ResolvedRange = { start: 0, end: 0 };
/** A batch's answer for an id it returned no row for (read only; shared by every such id). */
const NO_ROWS: EntityRows<RowMetric> = Object.freeze({ name: null, rows: Object.freeze([]) });

/** An entity's rows of one (metric, window, bucket) call, and the name they carried (null: no row named it). */
interface EntityRows<M extends RowMetric> {
  name: string | null;
  rows: ReadonlyArray<EjentoRow<M>>;
}

function groupKey(parts: ReadonlyArray<string | null>): string {
  return parts.map((p) => p ?? '-').join('|');
}

export function createEjentoLoaders(client: EjentoClient, scope: RequestScope, options: EjentoLoadersOptions): EjentoLoaders {
  const entityLoaders = new Map<string, DataLoader<string, EntityRows<RowMetric>>>();
  const nameLoaders = new Map<EjentoEntityTarget, DataLoader<string, string | null>>();
  // Every metric load of this request per entity: names are read from their rows. A list's
  // loads are kept as one entry per list (no key, map entry and array per id on the hot path);
  // the name loader, which runs only when the list's own rows did not settle a name, looks them up.
  const loadsByEntity = new Map<string, Array<Promise<EntityRows<RowMetric>>>>();
  const listLoads: Array<{ target: EjentoEntityTarget; ids: readonly string[]; loads: ReadonlyArray<Promise<EntityRows<RowMetric>>> }> = [];
  const loadsOf = (target: EjentoEntityTarget, id: string): Array<Promise<EntityRows<RowMetric>>> => {
    const out = [...(loadsByEntity.get(`${target}:${id}`) ?? [])];
    for (const l of listLoads) {
      if (l.target !== target) continue;
      const i = l.ids.indexOf(id);
      if (i >= 0) out.push(l.loads[i]!);
    }
    return out;
  };
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) memo.set(key, (p = fn()));
    return p;
  };

  const rowsOf = <M extends RowMetric>(rows: ReadonlyArray<EjentoRow<M>>): EntityRows<M> => ({
    name: rows.find((r) => r.name !== null)?.name ?? null,
    rows,
  });

  function loaderOf<M extends RowMetric>(target: EjentoEntityTarget, metric: M, window: EjentoWindowSpec | null, bucket: EjentoBucketName | null) {
    const op = operationOf(target, metric) as ReturnType<typeof operationOf> & { metric: M };
    const win = op.windowed ? window : null;
    const key = groupKey([target, metric, win?.key ?? null, bucket]);
    let loader = entityLoaders.get(key) as DataLoader<string, EntityRows<M>> | undefined;
    if (loader) return loader;
    const settle = (id: string, rows: ReadonlyArray<EjentoRow<M>>): EntityRows<M> => rowsOf(rows.filter((r) => r.id === null || r.id === id));
    const one = (id: string) =>
      client.rows(op, { ids: [id], window: win, bucket, limit: 1 }, scope).then((rows) => settle(id, rows), (err: Error) => err);

    loader = new DataLoader<string, EntityRows<M>>(
      async (ids) => {
        // `limit` is Ejento's top-N per bucket: raise it so no requested id is cut.
        let rows: Array<EjentoRow<M>>;
        try {
          rows = await client.rows(op, { ids, window: win, bucket, limit: ids.length }, scope);
        } catch (err) {
          return ids.map(() => err as Error);
        }
        if (ids.length > 1 && rows.some((r) => r.id === null)) {
          // Rows without `<e>_id` cannot be matched to ids: ask once per id instead.
          scope.logger.debug({ source: 'EJENTO', metric, ids: ids.length }, 'ejento rows without ids; falling back to one request per id');
          return Promise.all(ids.map(one));
        }
        const byId = new Map<string, Array<EjentoRow<M>>>();
        for (const r of rows) {
          const id = r.id ?? ids[0]!;
          let list = byId.get(id);
          if (!list) byId.set(id, (list = []));
          list.push(r);
        }
        // Grouped by id already, so no per-id filter; an id without rows shares one empty answer.
        return ids.map((id) => {
          const mine = byId.get(id);
          return mine ? rowsOf(mine) : (NO_ROWS as EntityRows<M>);
        });
      },
      { maxBatchSize: options.maxBatchSize },
    );
    entityLoaders.set(key, loader as unknown as DataLoader<string, EntityRows<RowMetric>>);
    return loader;
  }

  /** Remembers an entity's load of one group for `name`. */
  function remember<M extends RowMetric>(target: EjentoEntityTarget, id: string, p: Promise<EntityRows<M>>) {
    const k = `${target}:${id}`;
    let list = loadsByEntity.get(k);
    if (!list) loadsByEntity.set(k, (list = []));
    list.push(p as Promise<EntityRows<RowMetric>>);
    return p;
  }

  /** Loads an entity's rows of one group, remembering the load for `name`. */
  function loadRows<M extends RowMetric>(target: EjentoEntityTarget, metric: M, id: string, window: EjentoWindowSpec | null, bucket: EjentoBucketName | null) {
    return remember(target, id, loaderOf(target, metric, window, bucket).load(id));
  }

  const effectiveOf = (target: EjentoEntityTarget, metric: RowMetric, window: EjentoWindowSpec | null) =>
    (operationOf(target, metric).windowed ? window?.effective : undefined) ?? NO_RANGE;

  /** Organization-wide rows of one (metric, window, bucket), fetched once per request. */
  function orgRows<M extends RowMetric>(metric: M, window: EjentoWindowSpec, bucket: EjentoBucketName | null): Promise<Array<EjentoRow<M>>> {
    const op = operationOf('ORGANIZATION', metric) as ReturnType<typeof operationOf> & { metric: M };
    return once(groupKey(['ORGANIZATION', metric, window.key, bucket]), () => client.rows(op, { window, bucket }, scope));
  }

  return {
    async entity(target, metric, id, window, bucket) {
      const r = await loadRows(target, metric, id, window, bucket);
      return { name: r.name, value: toMetricResult(metric, r.rows, effectiveOf(target, metric, window), bucket) };
    },
    async entityMany<M extends RowMetric>(target: EjentoEntityTarget, metric: M, ids: readonly string[], window: EjentoWindowSpec | null, bucket: EjentoBucketName | null) {
      const loader = loaderOf(target, metric, window, bucket);
      const effective = effectiveOf(target, metric, window);
      const loads = ids.map((id) => loader.load(id));
      listLoads.push({ target, ids, loads: loads as ReadonlyArray<Promise<EntityRows<RowMetric>>> });
      const out = new Array<PrefetchedMetric<M>>(ids.length);
      const settled = (r: EntityRows<M>): PrefetchedMetric<M> => ({ ok: true, result: { name: r.name, value: toMetricResult(metric, r.rows, effective, bucket) } });
      // Every id without a row has the same (read-only) zero value: made once per list.
      let none: PrefetchedMetric<M> | undefined;
      for (let i = 0; i < loads.length; i++) {
        try {
          const r = await loads[i]!;
          out[i] = r === NO_ROWS ? (none ??= settled(r)) : settled(r);
        } catch (error) {
          out[i] = { ok: false, error };
        }
      }
      return out;
    },
    async entitySeries(target, metric, id, window, bucket) {
      const r = await loadRows(target, metric, id, window, bucket);
      return { name: r.name, value: toSeries(metric, r.rows, effectiveOf(target, metric, window), bucket) };
    },
    name(target, id, fallbackWindow) {
      let loader = nameLoaders.get(target);
      if (!loader) {
        loader = new DataLoader<string, string | null>(async (ids) => {
          // Sibling fields of the same entities call their loaders in this same pass of the
          // executor; one macrotask later every one of them is registered.
          await new Promise<void>((resolve) => setImmediate(resolve));
          // A metric call that answered without a row for the id means Ejento has no name to
          // give either (name: null, as the schema says); only when no call answered is it asked.
          const found = await Promise.all(
            ids.map(async (id) => {
              let answered = false;
              for (const p of loadsOf(target, id)) {
                const r = await p.then((x) => x, () => undefined);
                if (r === undefined) continue;
                if (r.name !== null) return r.name;
                answered = true;
              }
              return answered ? null : undefined;
            }),
          );
          const fallback = target === 'CORPUS'
            ? (id: string) => loaderOf('CORPUS', 'document-count', fallbackWindow, null).load(id)
            : (id: string) => loaderOf(target, 'recent', null, null).load(id);
          return Promise.all(
            ids.map((id, i) =>
              found[i] !== undefined ? found[i]! : fallback(id).then((r) => r.name, (err: Error) => err),
            ),
          );
        });
        nameLoaders.set(target, loader);
      }
      return loader.load(id);
    },
    primeEntity(target, metric, id, window, rows) {
      loaderOf(target, metric, window, null).prime(id, rowsOf(rows));
    },
    async organization(metric, window, bucket) {
      return toMetricResult(metric, await orgRows(metric, window, bucket), window.effective, bucket);
    },
    async organizationSeries(metric, window, bucket) {
      return toSeries(metric, await orgRows(metric, window, bucket), window.effective, bucket);
    },
    organizationSummary(window) {
      return once(groupKey(['ORGANIZATION', 'summary', window.key]), async () =>
        toOrgSummary(await client.object(operationOf('ORGANIZATION', 'summary'), { window }, scope)),
      );
    },
    async organizationSummarySeries(window, bucket) {
      const series = <M extends SeriesMetric>(metric: M) => orgRows(metric, window, bucket).then((rows) => toSeries(metric, rows, window.effective, bucket));
      const [costs, tokens, queries, votes, documents] = await Promise.all([
        series('costs'), series('tokens'), series('query-count'), series('votes'), series('document-count'),
      ]);
      return toOrgSummarySeries({ costs, tokens, queries, votes, documents });
    },
    entityCounts() {
      return once('ORGANIZATION|entity-counts', async () =>
        toEntityCounts(await client.object(operationOf('ORGANIZATION', 'entity-counts'), {}, scope)),
      );
    },
    top(target, metric, window, limit) {
      const op = operationOf(target, metric) as ReturnType<typeof operationOf> & { metric: typeof metric };
      const win = op.windowed ? window : null;
      return once(groupKey(['top', target, metric, win?.key ?? null, String(limit)]), () => client.rows(op, { window: win, limit }, scope));
    },
  };
}
