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
    tooLarge(res, limit);
    req.resume();
    return undefined;
  }
  const text = await readText(req, res, limit);
  if (text === undefined) return undefined;
  if (!type.includes('json')) return text;
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    sendJsonError(res, 400, 'The request body is not valid JSON.', 'BAD_REQUEST');
    return undefined;
  }
}

function tooLarge(res: ServerResponse, limit: number): void {
  sendJsonError(res, 413, `Request body is larger than ${limit} bytes.`, 'BAD_REQUEST', { connection: 'close' });
}

const clientGone = () => Object.assign(new Error('The client closed the connection before the request body was read.'), { code: 'ECONNRESET' });

/**
 * The body as UTF-8 text, or undefined after answering 413. Read with 'data'/'end' listeners,
 * not `for await`: the async iterator costs a promise and a closure per chunk and ~3% of a small
 * request's CPU; a typical body is one chunk. Rejects as the iterator did when the client aborts.
 */
function readText(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (req.destroyed) {
      reject(clientGone());
      return;
    }
    let first: Buffer | null = null;
    let more: Buffer[] | null = null;
    let size = 0;
    const done = (err?: Error | null) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', done);
      req.off('close', onClose);
      if (err) reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        tooLarge(res, limit);
        req.destroy();
        resolve(undefined);
        return;
      }
      if (first === null) first = chunk;
      else (more ??= [first]).push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(more ? Buffer.concat(more).toString('utf8') : first ? first.toString('utf8') : '');
    };
    // Closed before 'end': the client went away mid-body.
    const onClose = () => done(clientGone());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', done);
    req.on('close', onClose);
  });
}

/**
 * Whether a failure while handling `req` is only the client going away before its request
 * was read to the end (it aborted mid-body or closed the connection): nothing to answer, and
 * no bug of ours.
 */
export function isClientAbort(req: IncomingMessage): boolean {
  return !req.complete && (req.destroyed || req.socket.destroyed);
}
