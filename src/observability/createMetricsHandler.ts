import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/authenticate.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import { sendError } from '../server/plugins/sendError.js';
import type { GatewayMetrics } from './createMetrics.js';

/**
 * `GET /metrics`: the Prometheus exposition of this gateway instance. Open by default (scrapers
 * sit inside the cluster); with METRICS_REQUIRE_KEY a caller credential is needed, checked
 * exactly as /graphql checks it (no rate limit: scrapes are few and regular).
 */
export function createMetricsHandler(metrics: GatewayMetrics, authenticate: Authenticator | null, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'The metrics are read with GET.', { code: 'BAD_REQUEST' }, { allow: 'GET, HEAD' });
      return;
    }
    if (authenticate) {
      try {
        await authenticate(req.headers);
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        sendError(res, 401, err.message, { code: ErrorCode.UNAUTHENTICATED }, { 'www-authenticate': 'Bearer' });
        return;
      }
    }
    let text: string;
    try {
      text = await metrics.render();
    } catch (err) {
      logger.error({ err }, 'collecting metrics failed');
      sendError(res, 500, 'Internal server error', { code: ErrorCode.INTERNAL_SERVER_ERROR });
      return;
    }
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
}
