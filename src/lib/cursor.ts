import { createHash } from 'node:crypto';
import { badUserInput } from '../errors.js';

/**
 * Relay cursors: base64url of a small typed JSON payload. `k` names the connection kind and
 * `b` binds the cursor to the field's arguments, so a cursor from another field, another
 * argument set or a hand-edited one is BAD_USER_INPUT instead of a wrong page.
 */
export interface CursorPayload {
  [key: string]: unknown;
}

/** A short stable hash of the arguments a cursor is bound to. */
export function bindingOf(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

/** Encodes a cursor of `kind` bound to `binding`. */
export function encodeCursor(kind: string, binding: string, payload: CursorPayload): string {
  return Buffer.from(JSON.stringify({ ...payload, k: kind, b: binding }), 'utf8').toString('base64url');
}

/**
 * Longest cursor accepted. Cursors may wrap an upstream's opaque cursor (the longest a source
 * passes is 1,536 characters of any content); JSON may write each character as a 6-byte `\uXXXX` escape
 * and base64url adds a third, so 16,384 holds such a cursor with its payload around it.
 */
export const MAX_CURSOR_LENGTH = 16_384;

/**
 * Decodes a cursor made by `encodeCursor(kind, binding, …)`. Throws BAD_USER_INPUT for
 * anything else: not base64url JSON, another kind, or other arguments.
 */
export function decodeCursor(kind: string, binding: string, cursor: string, argName = 'after'): CursorPayload {
  const invalid = () =>
    badUserInput(`\`${argName}\` is not a cursor of this field with these arguments; use a cursor from the previous page of the same query.`);
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid();
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalid();
  const p = payload as CursorPayload;
  if (p.k !== kind || p.b !== binding) throw invalid();
  return p;
}

/** Reads a non-negative safe integer field of a decoded cursor, or throws BAD_USER_INPUT. */
export function cursorInt(payload: CursorPayload, key: string, argName = 'after'): number {
  const v = payload[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw badUserInput(`\`${argName}\` is not a valid cursor.`);
  }
  return v;
}
