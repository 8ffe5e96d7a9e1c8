import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';
import type { EstimateFrame, FieldEstimator } from '../sources/SourceDefinition.js';
import { sizeArg, UNKNOWN_LIST } from './estimateHelpers.js';
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
  /**
   * Estimated scalar values in the answer: every leaf field selected × the list sizes above it
   * (what mapping and serializing the answer costs). Checked against MAX_RESULT_CELLS.
   */
  cells: number;
}

/** Stops walking pathological fragment expansions early: far above any real ceiling. */
const MAX_VISITS = 200_000;

type Args = Record<string, unknown>;

/** The list-size estimators of every source, keyed `Type.field`. */
export type Estimators = ReadonlyMap<string, FieldEstimator>;

/**
 * Measures an operation before execution: depth, aliases, root fields and a cost estimate.
 * The cost is the estimated number of objects in the answer: every object field costs the
 * product of the list sizes above it. A field with a source's estimator (`Type.field`) is
 * priced by it (sizes derived from time ranges, granularity, windows); other lists by their
 * arguments (`first`, `ids`, `limit`) or 10; connection `edges`/`nodes` are priced at the
 * connection. Introspection fields are not counted.
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  now: number,
  estimators: Estimators,
): OperationMeasures {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  const m: OperationMeasures = { depth: 0, aliases: 0, rootFields: 0, cost: 0, cells: 0 };
  if (!root) return m;
  let visits = 0;

  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, multiplier: number, depth: number, stack: EstimateFrame[]) => {
    for (const sel of set.selections) {
      if (++visits > MAX_VISITS) {
        m.cost = Number.POSITIVE_INFINITY;
        m.cells = Number.POSITIVE_INFINITY;
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
      const estimator = estimators.get(`${type.name}.${name}`);
      const size = estimator
        ? estimator(args, stack, now)
        : isListType(getNullableType(def.type)) || args.first !== undefined
          ? listSize(name, args)
          : 1;
      const frames = [...stack, { type: type.name, field: name, args }];
      const inner = multiplier * size;
      const named = getNamedType(def.type);
      if (isCompositeType(named)) {
        m.cost += inner;
        if (sel.selectionSet) walk(sel.selectionSet, named, inner, depth + 1, frames);
      } else {
        m.cells += inner;
      }
    }
  };
  walk(operation.selectionSet, root, 1, 1, []);
  return m;
}

/** A list without an estimator: priced by `first`, `ids` or `limit`, else UNKNOWN_LIST. */
function listSize(name: string, args: Args): number {
  if (name === 'edges' || name === 'nodes') return 1; // priced at the connection
  if (args.first !== undefined) return sizeArg(args.first, UNKNOWN_LIST);
  if (Array.isArray(args.ids)) return args.ids.length;
  if ('limit' in args) return sizeArg(args.limit, UNKNOWN_LIST);
  return UNKNOWN_LIST;
}

/** Merges the sources' estimators (a `Type.field` claimed twice is a registry mistake). */
export function collectEstimators(definitions: ReadonlyArray<{ name: string; estimators?: Readonly<Record<string, FieldEstimator>> }>): Estimators {
  const map = new Map<string, FieldEstimator>();
  for (const d of definitions) {
    for (const [field, estimator] of Object.entries(d.estimators ?? {})) {
      if (map.has(field)) throw new Error(`Two sources estimate ${field}; ${d.name}'s estimator must be removed or the field renamed.`);
      map.set(field, estimator);
    }
  }
  return map;
}
