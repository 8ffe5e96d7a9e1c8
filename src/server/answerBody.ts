/** From this length on (in characters), an answer is written as bytes. */
const BYTES_FROM_CHARS = 4096;

/**
 * An answer as written, with the trailing newline Apollo's answers end with. A big one as
 * UTF-8 bytes: `text + '\n'` would be a second copy of it on the JS heap, and Node's HTTP layer
 * makes a third when it prefixes its header to a string body (a buffer goes after the header
 * as is). A small one stays a string, which Node writes with its header in one piece.
 */
export function answerBody(text: string): string | Buffer {
  const newline = text.charCodeAt(text.length - 1) === 0x0a ? 0 : 1;
  if (text.length < BYTES_FROM_CHARS) return newline ? `${text}\n` : text;
  const n = Buffer.byteLength(text);
  const bytes = Buffer.allocUnsafe(n + newline);
  bytes.write(text, 0, n, 'utf8');
  if (newline) bytes[n] = 0x0a;
  return bytes;
}
