import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema as parseSdl, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/buildSchema.js';
import { printClientSchema } from '../../src/schema/printClientSchema.js';

const FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

describe('the committed schema.graphql', () => {
  it('is the executable schema as printed now (run `npm run schema:print` after changing SDL)', () => {
    const committed = readFileSync(FILE, 'utf8');
    const fresh = printClientSchema(buildSchema());
    if (committed !== fresh) expect.fail('schema.graphql is stale: run npm run schema:print and commit it');
    expect(committed).toBe(fresh);
  });

  it('is valid SDL on its own, with every source and the gateway field', () => {
    const schema = parseSdl(readFileSync(FILE, 'utf8'));
    expect(printSchema(schema)).toBe(printSchema(buildSchema()));
    const sources = schema.getType('Source');
    expect(sources && 'getValues' in sources ? (sources as any).getValues().map((v: { name: string }) => v.name) : []).toEqual(['IBLAI', 'CALL_COUNTS', 'CALL_STATS', 'EJENTO']);
    expect(Object.keys(schema.getQueryType()!.getFields())).toContain('gateway');
  });
});
