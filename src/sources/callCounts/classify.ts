import { ErrorCode } from '../../errors.js';
import type { UpstreamClassifier } from '../SourceDefinition.js';

/**
 * call-counts' meaning where it differs from HTTP's generic one. With the caller's own token
 * the generic layer already makes a 401/403 the caller's (UNAUTHENTICATED/FORBIDDEN).
 */
export const classifyCallCounts: UpstreamClassifier = ({ status, request, forwarded }) => {
  // Login and refresh keep the generic meaning (their 401/403 refuse the service account).
  if (!request.path.startsWith('call-counts/')) return undefined;
  if (status === 403 && !forwarded) {
    return { code: ErrorCode.UPSTREAM_REJECTED, message: "CALL_COUNTS denied the gateway's service account the role this field needs (HTTP 403)." };
  }
  // Everything else we send is validated first, so a 400 on a page request means its cursor
  // went stale or was tampered with inside our wrapper: the caller's input.
  if (status === 400 && request.query?.cursor != null) {
    return { code: ErrorCode.BAD_USER_INPUT, message: '`after` is no longer accepted by CALL_COUNTS (stale or altered cursor); start again without `after`.' };
  }
  return undefined;
};
