import type { GatewayContext } from '../../context.js';
import { badUserInput } from '../../errors.js';
import type { EntityDefinition } from '../SourceDefinition.js';
import { ejentoId } from './resolvers.js';
import type { EjentoCorpusRef, EjentoEntityRef, EjentoScopeName } from './types.js';

const SCOPES: readonly string[] = ['AGENT', 'PROJECT', 'TEAM', 'USER'] satisfies EjentoScopeName[];

/** A representation's id: routers send IDs as strings; an integer number is taken as its digits. */
function idOf(representation: Readonly<Record<string, unknown>>): string {
  const id = representation.id;
  return ejentoId('id', (typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : id) as string);
}

/**
 * Ejento's federation entities. A representation becomes the same parent value as
 * `ejentoEntity` / `corpora(ids)` return, so its metric fields go through the same batching
 * loaders: N representations of one scope cost one upstream request per metric.
 */
export const EJENTO_ENTITIES = {
  /** Joins a caller's agents, projects, teams and users (by their Ejento id) to their analytics. */
  EjentoEntity: {
    keys: ['scope id'],
    // The id allow-list, as for `ejentoEntity(scope, id)`.
    policy: { allowListed: (representation) => [representation.id] },
    resolveReference(representation, ctx: GatewayContext): EjentoEntityRef {
      const scope = representation.scope;
      if (typeof scope !== 'string' || !SCOPES.includes(scope)) {
        throw badUserInput(`\`scope\` must be one of ${SCOPES.join(', ')}, but got ${JSON.stringify(String(scope).slice(0, 40))}.`);
      }
      const id = idOf(representation);
      void ctx.loaders.ejento; // SOURCE_NOT_CONFIGURED per representation, not per metric field
      return { scope: scope as EjentoScopeName, id };
    },
  },
  /** Joins a caller's document collections (by their Ejento corpus id) to their document counts. */
  EjentoCorpus: {
    keys: ['id'],
    // Corpora are reached through the organization view only, which an id allow-list denies.
    policy: { allowListed: () => 'all' as const },
    resolveReference(representation, ctx: GatewayContext): EjentoCorpusRef {
      const id = idOf(representation);
      void ctx.loaders.ejento;
      return { id };
    },
  },
} as const satisfies Record<string, EntityDefinition>;
