import { describe, expect, it } from 'vitest';
import { answerBody } from '../../src/server/answerBody.js';

const bytesOf = (body: string | Buffer) => (typeof body === 'string' ? Buffer.from(body) : body);

describe('answerBody', () => {
  it('ends a small answer with one newline and keeps it a string', () => {
    expect(answerBody('{"data":{}}')).toBe('{"data":{}}\n');
    expect(answerBody('{"data":{}}\n')).toBe('{"data":{}}\n');
  });

  it('writes a big answer as its exact UTF-8 bytes plus one newline, multi-byte characters included', () => {
    const text = JSON.stringify({ data: { names: Array.from({ length: 2000 }, (_, i) => `Zoë ${i} — 東京 🚀`) } });
    const body = answerBody(text);
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(bytesOf(body).equals(Buffer.from(`${text}\n`, 'utf8'))).toBe(true);
    expect(JSON.parse(bytesOf(body).toString('utf8'))).toEqual(JSON.parse(text));
  });

  it('adds no second newline to a big answer that has one', () => {
    const text = `${JSON.stringify({ data: { s: 'x'.repeat(10_000) } })}\n`;
    expect(bytesOf(answerBody(text)).equals(Buffer.from(text))).toBe(true);
  });
});
