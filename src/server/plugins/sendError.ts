import type { ServerResponse } from 'node:http';
import { jsonContentType } from '../readBody.js';

/**
 * Answers a whole request with one GraphQL-shaped error (`{"errors":[{message, extensions}]}`),
 * in the media type already negotiated for the response (its content-type), else application/json.
 */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extensions: Record<string, unknown> & { code: string },
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ errors: [{ message, extensions }] });
  res.writeHead(status, { 'content-type': jsonContentType(res), ...headers });
  res.end(body);
}
