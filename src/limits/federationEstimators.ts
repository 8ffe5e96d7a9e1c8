import type { FieldEstimator } from '../sources/SourceDefinition.js';

/**
 * The list sizes of the federation fields every subgraph has, in the shape `collectEstimators`
 * merges with the sources' own: `_entities` returns one entity per representation, so a
 * router's batch of 20 is priced as 20 objects (not an unknown list's default).
 */
export const FEDERATION_ESTIMATORS: { readonly name: string; readonly estimators: Readonly<Record<string, FieldEstimator>> } = {
  name: 'federation',
  estimators: {
    'Query._entities': (args) => (Array.isArray(args.representations) ? args.representations.length : 0),
  },
};
