import type { ApolloServerPlugin } from '@apollo/server';
import type { LimitsConfig } from '../../config/limitsConfig.js';
import { ErrorCode, GatewayError } from '../../errors.js';
import { analyzeOperation, type Estimators } from '../../limits/analyzeOperation.js';
import type { LargeOperationGate } from '../../limits/createLargeOperationGate.js';
import { resultTooLarge } from '../../limits/resultTooLarge.js';
import type { LargeAnswer } from '../../context.js';

const tooComplex = (message: string, extensions: Record<string, unknown>) =>
  // Apollo reads (and strips) extensions.http: the whole request is refused with 400, which
  // requestErrorStatus turns into 200 under application/json (a GraphQL request error).
  new GatewayError(ErrorCode.QUERY_TOO_COMPLEX, message, { ...extensions, http: { status: 400 } });

/** Operations whose estimated answer holds at least `minCells` values take a slot of `gate`. */
export interface LargeOperations {
  minCells: number;
  gate: LargeOperationGate;
  /** The `data` of large answers, to the request's holder: the stringifier leaves them there for the HTTP server to stream. */
  answers: WeakMap<object, LargeAnswer>;
}

/**
 * Refuses an operation whose depth, aliases, root fields or estimated cost pass the limits
 * once it is parsed and validated, before any resolver (so before any upstream call) runs.
 * The token limit is checked earlier, on the raw document (createGateway).
 */
export function limitsPlugin(limits: LimitsConfig, estimators: Estimators, maxResultCells = Number.POSITIVE_INFINITY, large?: LargeOperations): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let release: (() => void) | null = null;
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          // The request's own "now" (the one its resolvers use), so open ranges are priced as they run.
          const now = (contextValue as { now?: unknown }).now;
          const m = analyzeOperation(schema, document, operation, request.variables ?? {}, typeof now === 'number' ? now : Date.now(), estimators);
          if (m.depth > limits.maxDepth) throw tooComplex(`The operation is ${m.depth} levels deep; the limit is ${limits.maxDepth}.`, { depth: m.depth, limit: limits.maxDepth });
          if (m.aliases > limits.maxAliases) throw tooComplex(`The operation uses ${m.aliases} aliases; the limit is ${limits.maxAliases}.`, { aliases: m.aliases, limit: limits.maxAliases });
          if (m.rootFields > limits.maxRootFields) {
            throw tooComplex(`The operation selects ${m.rootFields} root fields; the limit is ${limits.maxRootFields}.`, { rootFields: m.rootFields, limit: limits.maxRootFields });
          }
          if (m.cost > limits.maxCost) {
            const cost = Number.isFinite(m.cost) ? Math.ceil(m.cost) : null;
            throw tooComplex(
              `The operation's estimated cost${cost === null ? '' : ` (${cost})`} is over the limit of ${limits.maxCost}: ask for fewer items, shorter ranges or coarser buckets.`,
              { cost, limit: limits.maxCost },
            );
          }
          const tooLarge = resultTooLarge(m.cells, maxResultCells);
          if (tooLarge) throw tooComplex(tooLarge.message, tooLarge.extensions);
          if (large && m.cells >= large.minCells) {
            const { deadline, signal } = contextValue as { deadline?: unknown; signal?: AbortSignal };
            // Wait at most half the time left: a slot granted later leaves too little for the upstream calls.
            const now = Date.now();
            release = await large.gate.acquire(now + (typeof deadline === 'number' ? Math.max(0, deadline - now) : 10_000) / 2, signal);
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (!release) return;
          const body = response.body;
          const holder = (contextValue as { largeAnswer?: LargeAnswer }).largeAnswer;
          if (holder && body.kind === 'single' && body.singleResult.data) large!.answers.set(body.singleResult.data, holder);
          // The slot is given back once the answer is serialized and written (serialization
          // included, so at most `concurrency` big answers are in memory at once); without an
          // HTTP server to say so, now.
          const whenWritten = (contextValue as { whenWritten?: Array<() => void> }).whenWritten;
          if (whenWritten) whenWritten.push(release);
          else release();
          release = null;
        },
      };
    },
  };
}
