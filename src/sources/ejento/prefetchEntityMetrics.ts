import type { GraphQLResolveInfo } from 'graphql';
import { selectedFieldNodes } from '../../lib/selectedFieldNodes.js';
import type { GatewayContext } from '../../context.js';
import type { EjentoEntityRef, EjentoWindowSpec, PrefetchField, RowMetric } from './types.js';

const METRIC_OF = { costs: 'costs', tokens: 'tokens', queryCount: 'query-count', votes: 'votes' } as const satisfies Record<PrefetchField, RowMetric>;
const isPrefetchField = (name: string): name is PrefetchField => Object.hasOwn(METRIC_OF, name);

/**
 * The metric fields selected on every item of a list without arguments and without
 * directives (a field under @skip/@include, or with a window or bucket, is left to its own
 * resolver, so nothing is fetched that the operation would not fetch anyway).
 */
export function selectedPrefetchFields(info: GraphQLResolveInfo): PrefetchField[] {
  const out = new Set<PrefetchField>();
  for (const field of selectedFieldNodes(info, { withoutDirectives: true, onType: 'EjentoEntity' })) {
    if (isPrefetchField(field.name.value) && !field.arguments?.length) out.add(field.name.value);
  }
  return [...out];
}

/**
 * Why: fifty entities × four metric fields are two hundred asynchronous resolvers, each a
 * DataLoader load and a few promises, all answered by the same four batched upstream calls.
 * Loading those batches here, once for the list, and handing every item its settled results
 * lets the item fields resolve synchronously. The upstream calls are the same (the same loader
 * groups, in the same tick); each field still fails alone when its metric's call failed.
 */
export async function prefetchEntityMetrics(ctx: GatewayContext, refs: EjentoEntityRef[], fields: readonly PrefetchField[], window: EjentoWindowSpec): Promise<void> {
  if (refs.length === 0) return;
  // One scope per list (ejentoEntities takes one), so the ids of every metric form one group.
  const scope = refs[0]!.scope;
  const ids = refs.map((r) => r.id);
  await Promise.all(
    fields.map(async (field) => {
      const settled = await ctx.loaders.ejento.entityMany(scope, METRIC_OF[field], ids, window, null);
      for (let i = 0; i < refs.length; i++) {
        const ref = refs[i]!;
        (ref.prefetched ??= {})[field] = settled[i] as never;
      }
    }),
  );
}
