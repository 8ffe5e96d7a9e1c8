import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { ErrorCode, GatewayError } from '../errors.js';
import type { AnySourceDefinition } from '../sources/SourceDefinition.js';
import { assertAllowed, hasScope } from './authorize.js';
import { FEDERATION_SCOPE } from './federationScope.js';
import { ANONYMOUS, type Principal } from './Principal.js';

export interface FederationAccess {
  /** INTROSPECTION: when on, anyone may read `_service { sdl }` (it is the schema introspection shows). */
  readonly introspection: boolean;
}

type ResolveReference = (representation: Readonly<Record<string, unknown>>, context: unknown, info: unknown) => unknown;

const principalOf = (ctx: unknown): Principal => (ctx as { principal?: Principal } | undefined)?.principal ?? ANONYMOUS;

/** Throws unless the caller may read the subgraph schema. */
function assertServiceAccess(principal: Principal, access: FederationAccess): void {
  if (access.introspection) return;
  if (principal.kind === 'anonymous') {
    throw new GatewayError(
      ErrorCode.UNAUTHENTICATED,
      `Introspection is off: reading the subgraph schema (\`_service\`) needs an API key or JWT with the \`${FEDERATION_SCOPE}\` scope.`,
    );
  }
  if (!hasScope(principal.policy, FEDERATION_SCOPE)) {
    throw new GatewayError(ErrorCode.FORBIDDEN, `This caller may not read the subgraph schema (\`_service\`): it needs the \`${FEDERATION_SCOPE}\` scope.`);
  }
}

/**
 * The federation counterpart of `authorizeSchema`: `_service` answers only callers allowed by
 * `assertServiceAccess`, and every representation given to `_entities` passes its source's
 * scope and its entity policy (allow-lists) before it is resolved. A refused representation is
 * null with FORBIDDEN at its index; the others still resolve.
 */
export function authorizeFederation(schema: GraphQLSchema, definitions: readonly AnySourceDefinition[], access: FederationAccess): GraphQLSchema {
  const service = schema.getQueryType()?.getFields()._service;
  if (service) {
    const resolve = service.resolve ?? defaultFieldResolver;
    service.resolve = (root, args, ctx, info) => {
      assertServiceAccess(principalOf(ctx), access);
      return resolve(root, args, ctx, info);
    };
  }
  for (const owner of definitions) {
    for (const [typeName, entity] of Object.entries(owner.entities ?? {})) {
      const type = schema.getType(typeName);
      const extensions = type?.extensions as { apollo?: { subgraph?: { resolveReference?: ResolveReference } } } | undefined;
      const resolveReference = extensions?.apollo?.subgraph?.resolveReference;
      if (!type || !resolveReference) throw new Error(`The entity ${typeName} of ${owner.name} has no reference resolver: build the schema with buildSubgraphSchema.`);
      const policy = entity.policy ?? {};
      const guarded: ResolveReference = (representation, ctx, info) => {
        try {
          assertAllowed(principalOf(ctx), owner, policy, representation as Record<string, unknown>);
        } catch (err) {
          // `_entities` maps representations synchronously: a throw would fail all of them.
          return Promise.reject(err);
        }
        return resolveReference(representation, ctx, info);
      };
      (type as { extensions: unknown }).extensions = {
        ...extensions,
        apollo: { ...extensions!.apollo, subgraph: { ...extensions!.apollo!.subgraph, resolveReference: guarded } },
      };
    }
  }
  return schema;
}
