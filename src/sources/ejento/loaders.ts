import DataLoader from 'dataloader';
import type { ResolvedRange } from '../../lib/timeRange.js';
import type { RequestScope } from '../scope.js';
import type { EjentoClient } from './client.js';
import { toEntityCounts, toMetricResult, toOrgSummary } from './mapping.js';
import { operationOf } from './operations.js';
import type {
  EjentoBucketName, EjentoRow, EjentoScopeName, EjentoWindowSpec, EntityCountsValue, EntityResult, MetricResults,
  OrgSummaryValue, RowMetric,
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
  organizationSummary(window: EjentoWindowSpec): Promise<OrgSummaryValue>;
  entityCounts(): Promise<EntityCountsValue>;
  /** The ids-less call: Ejento's top `limit` rows of a target's metric (ranked by that metric). */
  top<M extends RowMetric>(target: EjentoEntityTarget, metric: M, window: EjentoWindowSpec | null, limit: number): Promise<Array<EjentoRow<M>>>;
}

export interface EjentoLoadersOptions {
  /** Most ids in one upstream request (EJENTO_MAX_BATCH_SIZE). */
  maxBatchSize: number;
}

const NO_RANGE: ResolvedRange = { start: 0, end: 0 };

function groupKey(parts: ReadonlyArray<string | null>): string {
  return parts.map((p) => p ?? '-').join('|');
}

export function createEjentoLoaders(client: EjentoClient, scope: RequestScope, options: EjentoLoadersOptions): EjentoLoaders {
  const entityLoaders = new Map<string, DataLoader<string, EntityResult<RowMetric>>>();
  const nameLoaders = new Map<EjentoEntityTarget, DataLoader<string, string | null>>();
  // Every metric load of this request per entity: names are read from their rows.
  const loadsByEntity = new Map<string, Array<Promise<EntityResult<RowMetric>>>>();
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) memo.set(key, (p = fn()));
    return p;
  };

  function build<M extends RowMetric>(metric: M, rows: ReadonlyArray<EjentoRow<M>>, window: EjentoWindowSpec | null, bucket: EjentoBucketName | null): EntityResult<M> {
    return {
      name: rows.find((r) => r.name !== null)?.name ?? null,
      value: toMetricResult(metric, rows, window?.effective ?? NO_RANGE, bucket),
    };
  }

  function loaderOf<M extends RowMetric>(target: EjentoEntityTarget, metric: M, window: EjentoWindowSpec | null, bucket: EjentoBucketName | null) {
    const op = operationOf(target, metric) as ReturnType<typeof operationOf> & { metric: M };
    const win = op.windowed ? window : null;
    const key = groupKey([target, metric, win?.key ?? null, bucket]);
    let loader = entityLoaders.get(key) as DataLoader<string, EntityResult<M>> | undefined;
    if (loader) return loader;
    const settle = (id: string, rows: ReadonlyArray<EjentoRow<M>>): EntityResult<M> | Error => {
      try {
        return build(metric, rows.filter((r) => r.id === null || r.id === id), win, bucket);
      } catch (err) {
        return err as Error;
      }
    };
    const one = (id: string) =>
      client.rows(op, { ids: [id], window: win, bucket, limit: 1 }, scope).then((rows) => settle(id, rows), (err: Error) => err);

    loader = new DataLoader<string, EntityResult<M>>(
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
        return ids.map((id) => settle(id, byId.get(id) ?? []));
      },
      { maxBatchSize: options.maxBatchSize },
    );
    entityLoaders.set(key, loader as unknown as DataLoader<string, EntityResult<RowMetric>>);
    return loader;
  }

  return {
    entity(target, metric, id, window, bucket) {
      const p = loaderOf(target, metric, window, bucket).load(id);
      const k = `${target}:${id}`;
      let list = loadsByEntity.get(k);
      if (!list) loadsByEntity.set(k, (list = []));
      list.push(p as Promise<EntityResult<RowMetric>>);
      return p;
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
              for (const p of loadsByEntity.get(`${target}:${id}`) ?? []) {
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
      const op = operationOf(target, metric);
      const win = op.windowed ? window : null;
      loaderOf(target, metric, window, null).prime(id, build(metric, rows, win, null));
    },
    organization(metric, window, bucket) {
      const op = operationOf('ORGANIZATION', metric) as ReturnType<typeof operationOf> & { metric: typeof metric };
      return once(groupKey(['ORGANIZATION', metric, window.key, bucket]), async () => {
        const rows = await client.rows(op, { window, bucket }, scope);
        return toMetricResult(metric, rows, window.effective, bucket);
      });
    },
    organizationSummary(window) {
      return once(groupKey(['ORGANIZATION', 'summary', window.key]), async () =>
        toOrgSummary(await client.object(operationOf('ORGANIZATION', 'summary'), { window }, scope)),
      );
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
