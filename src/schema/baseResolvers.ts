import type { Resolvers, Source } from '../generated/graphql.js';
import { DateScalar } from '../scalars/DateScalar.js';
import { DateTimeScalar } from '../scalars/DateTimeScalar.js';
import { DecimalScalar } from '../scalars/DecimalScalar.js';
import { JSONScalar } from '../scalars/JSONScalar.js';
import { GATEWAY_VERSION } from '../version.js';

const CIRCUIT = { closed: 'CLOSED', open: 'OPEN', 'half-open': 'HALF_OPEN' } as const;

/** Scalars and the gateway's own fields. */
export const baseResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Decimal: DecimalScalar,
  JSON: JSONScalar,
  Query: {
    gateway: (_root, _args, ctx) => ({
      demo: ctx.demo,
      // Names come from the registered definitions, whose SDL adds them to the enum.
      configuredSources: [...ctx.configuredSources] as Source[],
      version: GATEWAY_VERSION,
      sources: ctx.sourceStatuses().map((s) => ({
        source: s.source as Source,
        configured: s.configured,
        circuit: s.circuit === null ? null : CIRCUIT[s.circuit],
      })),
    }),
  },
};
