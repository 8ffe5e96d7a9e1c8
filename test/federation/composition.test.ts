import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSubgraphSdl } from '../../src/schema/buildSubgraphSchema.js';
import { PROJECTS_SDL } from './projectsSubgraph.js';

const analytics = () => ({ name: 'analytics', url: 'http://127.0.0.1:4000/graphql', typeDefs: parse(printSubgraphSdl()) });
const projects = { name: 'projects', url: 'http://127.0.0.1:4001/graphql', typeDefs: parse(PROJECTS_SDL) };

describe('composition with @apollo/composition', () => {
  it('composes our subgraph with a subgraph whose Project references EjentoEntity: no errors, no hints', () => {
    const result = composeServices([analytics(), projects]);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    // Hints include the "inconsistent but compatible" kind (INCONSISTENT_*): none at all.
    expect((result.hints ?? []).map((h) => `${h.definition.code}: ${h.message}`)).toEqual([]);
    const supergraph = result.supergraphSdl!;
    expect(supergraph).toMatch(/type Project\s[^{]*@join__type\(graph: PROJECTS, key: "id"\)/);
    expect(supergraph).toMatch(/type EjentoEntity\s[^{]*@join__type\(graph: ANALYTICS, key: "scope id"\)/);
  });

  it('composes with another subgraph that defines Relay PageInfo as shareable', () => {
    const relay = {
      name: 'relay',
      url: 'http://127.0.0.1:4002/graphql',
      typeDefs: parse(/* GraphQL */ `
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])
        type Query { "Tickets." tickets(first: Int): TicketConnection! }
        type TicketConnection { pageInfo: PageInfo! }
        type PageInfo @shareable { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
      `),
    };
    const result = composeServices([analytics(), relay]);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    expect((result.hints ?? []).filter((h) => h.definition.code.startsWith('INCONSISTENT')).map((h) => h.message)).toEqual([]);
  });
});
