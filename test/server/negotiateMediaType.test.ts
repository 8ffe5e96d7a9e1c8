import { describe, expect, it } from 'vitest';
import { negotiateMediaType } from '../../src/server/negotiateMediaType.js';

const JSON_TYPE = 'application/json';
const GQL_TYPE = 'application/graphql-response+json';

describe('negotiateMediaType', () => {
  it.each([
    [undefined, JSON_TYPE],
    ['', JSON_TYPE],
    ['*/*', JSON_TYPE],
    ['application/*', JSON_TYPE],
    [JSON_TYPE, JSON_TYPE],
    [`${JSON_TYPE}; charset=utf-8`, JSON_TYPE],
    [GQL_TYPE, GQL_TYPE],
    ['APPLICATION/GRAPHQL-RESPONSE+JSON', GQL_TYPE],
    [`${GQL_TYPE}, ${JSON_TYPE}`, GQL_TYPE],
    [`${JSON_TYPE}, ${GQL_TYPE}`, JSON_TYPE],
    [`${JSON_TYPE};q=0.9, ${GQL_TYPE}`, GQL_TYPE],
    [`${GQL_TYPE};q=0.5, */*`, JSON_TYPE],
    [`text/html, ${JSON_TYPE}`, JSON_TYPE],
    [`${GQL_TYPE}, */*;q=0.1`, GQL_TYPE],
    [`*/*, ${JSON_TYPE};q=0`, GQL_TYPE],
  ])('answers Accept %j with %s', (accept, expected) => {
    expect(negotiateMediaType(accept)).toBe(expected);
  });

  it.each([['text/html'], ['text/csv, image/*'], [`${JSON_TYPE};q=0, ${GQL_TYPE};q=0`], ['garbage']])('finds nothing acceptable in %j', (accept) => {
    expect(negotiateMediaType(accept)).toBeNull();
  });
});
