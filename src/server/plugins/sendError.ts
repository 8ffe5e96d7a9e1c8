import type { ServerResponse } from 'node:http';

/** Answers a whole request with one GraphQL-shaped error (`{"errors":[{message, extensions}]}`). */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extensions: Record<string, unknown> & { code: string },
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ errors: [{ message, extensions }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}
