import { ErrorCode } from '../../errors.js';
import type { UpstreamClassifier } from '../SourceDefinition.js';

/** Whether an API-manager 401 body (`{statusCode, message}`) is about the subscription key (read to classify, never repeated). */
function blamesSubscriptionKey(body: unknown): boolean {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /subscription[ -]?key/i.test(message);
}

/** Ejento's answers where they mean something other than HTTP's generic reading. */
export const classifyEjento: UpstreamClassifier = ({ status, body, request, forwarded }) => {
  // The API manager's 401 about the subscription key refuses the gateway's own credential
  // (the key is never forwarded), even when the caller forwarded the bearer token.
  if (status === 401 && forwarded && blamesSubscriptionKey(body)) {
    return { code: ErrorCode.UPSTREAM_REJECTED, message: "EJENTO's API manager refused the gateway's subscription key (HTTP 401)." };
  }
  // Every argument was validated before this call, so a 400 is Ejento disagreeing with a
  // request we built: say so in our words (never its body).
  if (status === 400) {
    return { code: ErrorCode.UPSTREAM_REJECTED, message: `EJENTO rejected the gateway's ${request.what ?? 'analytics'} request (HTTP 400).` };
  }
  return undefined;
};
