import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import type { Policy } from '../config/authConfig.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { AnySourceDefinition, RootFieldPolicy } from '../sources/SourceDefinition.js';
import { ANONYMOUS, type Principal } from './Principal.js';

/** The source part of a definition that authorization needs. */
type Guarded = Pick<AnySourceDefinition, 'key' | 'name' | 'allowList'>;

const forbidden = (source: Guarded, message: string) => new GatewayError(ErrorCode.FORBIDDEN, message, { source: source.name });

/** Whether the policy's scopes include the source (by its key). */
export function hasScope(policy: Policy, sourceKey: string): boolean {
  return policy.scopes.includes('*') || policy.scopes.includes(sourceKey);
}

/** Throws FORBIDDEN unless the principal may read the source at all. */
export function assertScope(principal: Principal, source: Guarded): void {
  if (!hasScope(principal.policy, source.key)) {
    throw forbidden(source, `This caller may not read the ${source.name} source.`);
  }
}

/**
 * Throws FORBIDDEN unless the principal may call a source's root field with these arguments:
 * the source's scope, then its allow-list (when the principal has one) against the values the
 * field reads.
 */
export function assertAllowed(principal: Principal, source: Guarded, field: RootFieldPolicy, args: Record<string, unknown>): void {
  assertScope(principal, source);
  const list = source.allowList;
  const allowed = list ? principal.policy[list.policyKey] : undefined;
  if (!list || !allowed || !field.allowListed) return;
  const values = field.allowListed(args);
  if (values === 'all') throw forbidden(source, `This caller may not read ${list.everything ?? list.what}.`);
  if (!values.every((v) => allowed.includes(String(v)))) throw forbidden(source, `This caller may not read ${list.what}.`);
}

/** Which source owns each root field (from the definitions' `rootFields`). */
export function rootFieldSources(definitions: readonly AnySourceDefinition[]): ReadonlyMap<string, AnySourceDefinition> {
  const map = new Map<string, AnySourceDefinition>();
  for (const d of definitions) for (const field of Object.keys(d.rootFields)) map.set(field, d);
  return map;
}

/**
 * Wraps every source's root Query field so its policy is checked before its resolver runs. A
 * denied field fails alone (FORBIDDEN); its siblings still resolve.
 */
export function authorizeSchema(schema: GraphQLSchema, definitions: readonly AnySourceDefinition[]): GraphQLSchema {
  const query = schema.getQueryType();
  if (!query) return schema;
  const owners = rootFieldSources(definitions);
  for (const [name, field] of Object.entries(query.getFields())) {
    const owner = owners.get(name);
    if (!owner) continue;
    const policy = owner.rootFields[name]!;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args, ctx, info) => {
      assertAllowed((ctx as { principal?: Principal }).principal ?? ANONYMOUS, owner, policy, args);
      return resolve(root, args, ctx, info);
    };
  }
  return schema;
}
