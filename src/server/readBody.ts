import type { IncomingMessage, ServerResponse } from 'node:http';

/** The content type negotiated for this response so far (createGateway sets it), else application/json. */
export function jsonContentType(res: ServerResponse): string {
  const negotiated = res.getHeader('content-type');
  return typeof negotiated === 'string' ? negotiated : 'application/json; charset=utf-8';
}

/** Writes `{"errors":[{message, extensions:{code}}]}` with the given status. */
export function sendJsonError(res: ServerResponse, status: number, message: string, code: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': jsonContentType(res), ...headers });
  res.end(body);
}

/**
 * Reads a request body up to `limit` bytes. Returns the parsed JSON for JSON content types, the
 * text otherwise, '' for GET; answers 413, 415 (a charset other than UTF-8) or 400 itself and
 * returns undefined when it cannot.
 */
export async function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'HEAD') return '';
  const type = req.headers['content-type'] ?? '';
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    // GraphQL over HTTP bodies are UTF-8; decoding another charset as UTF-8 would garble it.
    sendJsonError(res, 415, 'The request body must be UTF-8 (charset=utf-8, or no charset).', 'BAD_REQUEST');
    req.resume();
    return undefined;
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    sendJsonError(res, 413, `Request body is larger than ${limit} bytes.`, 'BAD_REQUEST', { connection: 'close' });
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      sendJsonError(res, 413, `Request body is larger than ${limit} bytes.`, 'BAD_REQUEST', { connection: 'close' });
      req.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
  if (!type.includes('json')) return text;
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    sendJsonError(res, 400, 'The request body is not valid JSON.', 'BAD_REQUEST');
    return undefined;
  }
}

/**
 * Whether a failure while handling `req` is only the client going away before its request
 * was read to the end (it aborted mid-body or closed the connection): nothing to answer, and
 * no bug of ours.
 */
export function isClientAbort(req: IncomingMessage): boolean {
  return !req.complete && (req.destroyed || req.socket.destroyed);
}
