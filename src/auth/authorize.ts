import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import type { Policy, SourceKey } from '../config.js';
import { ErrorCode, GatewayError, type SourceName } from '../errors.js';
import { ANONYMOUS, type Principal } from './Principal.js';

const SOURCE_NAMES: Record<SourceKey, SourceName> = { iblai: 'IBLAI', callCounts: 'CALL_COUNTS', callStats: 'CALL_STATS', ejento: 'EJENTO' };

/** Which backend each public root field reads (design.md §2). */
export const ROOT_FIELD_SOURCES: Readonly<Record<string, SourceKey>> = {
  userCosts: 'iblai',
  mentorSummary: 'iblai',
  mentorDetail: 'iblai',
  callCounts: 'callCounts',
  callCountsByLabel: 'callCounts',
  scenarioCallCounts: 'callCounts',
  callStats: 'callStats',
  ejentoEntity: 'ejento',
  ejentoEntities: 'ejento',
  ejentoOrganization: 'ejento',
};

const forbidden = (source: SourceKey, message: string) =>
  new GatewayError(ErrorCode.FORBIDDEN, message, { source: SOURCE_NAMES[source] });

/** Whether the policy's scopes include the source. */
export function hasScope(policy: Policy, source: SourceKey): boolean {
  return policy.scopes.includes('*') || policy.scopes.includes(source);
}

/** Throws FORBIDDEN unless the principal may read `source` at all. */
export function assertScope(principal: Principal, source: SourceKey): void {
  if (!hasScope(principal.policy, source)) {
    throw forbidden(source, `This caller may not read the ${SOURCE_NAMES[source]} source.`);
  }
}

/**
 * Throws FORBIDDEN unless the principal may run this root field with these arguments: the
 * source's scope, then the allow-list that applies (iblai `org`, call-stats `projectId`,
 * Ejento `id`/`ids`; the Ejento organization view spans every entity, so an Ejento allow-list
 * denies it).
 */
export function assertRootField(principal: Principal, field: string, args: Record<string, unknown>): void {
  const source = ROOT_FIELD_SOURCES[field];
  if (!source) return;
  assertScope(principal, source);
  const p = principal.policy;
  const deny = (what: string) => {
    throw forbidden(source, `This caller may not read ${what}.`);
  };
  if (source === 'iblai' && p.iblaiOrgs && !p.iblaiOrgs.includes(String(args.org))) deny('this iblai organization');
  if (source === 'callStats' && p.callStatsProjects && !p.callStatsProjects.includes(String(args.projectId))) deny('this call-stats project');
  if (source === 'ejento' && p.ejentoIds) {
    const allowed = p.ejentoIds;
    if (field === 'ejentoOrganization') deny('organization-wide Ejento data (its allow-list names entities)');
    const ids = field === 'ejentoEntities' ? (Array.isArray(args.ids) ? args.ids : []) : [args.id];
    if (!ids.every((id) => allowed.includes(String(id)))) deny('one or more of these Ejento entities');
  }
}

/**
 * Wraps every root Query field so the policy is checked before its resolver runs. A denied
 * field fails alone (FORBIDDEN); its siblings still resolve. Works over the built schema, so
 * the source resolvers need no change.
 */
export function authorizeSchema(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  if (!query) return schema;
  for (const [name, field] of Object.entries(query.getFields())) {
    if (!ROOT_FIELD_SOURCES[name]) continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, ctx, info) => {
      assertRootField((ctx as { principal?: Principal }).principal ?? ANONYMOUS, name, args);
      return resolve(source, args, ctx, info);
    };
  }
  return schema;
}
