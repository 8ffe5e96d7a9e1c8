import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';

/**
 * A caller's own subgraph, as a team with a router would have it: its `Project` entity points
 * at our analytics through an `EjentoEntity` stub (key fields only, `resolvable: false`).
 */
export const PROJECTS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Query {
    "Every project of the caller's product."
    projects: [Project!]!
  }

  "A project of the caller's product."
  type Project @key(fields: "id") {
    id: ID!
    name: String!
    "The project's analytics in the gateway's Ejento data."
    analytics: EjentoEntity
  }

  type EjentoEntity @key(fields: "scope id", resolvable: false) {
    scope: EjentoScope!
    id: ID!
  }

  enum EjentoScope {
    AGENT
    PROJECT
    TEAM
    USER
  }
`;

/** The caller's projects and the Ejento project each one is (ids 1–6 exist in the demo data). */
export const PROJECTS = [
  { id: 'p-support', name: 'Helpdesk', ejentoId: '1' },
  { id: 'p-sales', name: 'Deal Desk', ejentoId: '2' },
  { id: 'p-papers', name: 'Literature', ejentoId: '3' },
  { id: 'p-code', name: 'Dev Tools', ejentoId: '4' },
  { id: 'p-onboarding', name: 'Welcome', ejentoId: '5' },
  { id: 'p-market', name: 'Intel', ejentoId: '6' },
] as const;

export const projectsSchema = () =>
  buildSubgraphSchema({
    typeDefs: parse(PROJECTS_SDL),
    resolvers: {
      Query: { projects: () => PROJECTS },
      Project: {
        __resolveReference: (ref: { id: string }) => PROJECTS.find((p) => p.id === ref.id) ?? null,
        analytics: (p: (typeof PROJECTS)[number]) => ({ scope: 'PROJECT', id: p.ejentoId }),
      },
    } as never,
  });

export interface RunningSubgraph {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the projects subgraph over plain HTTP on 127.0.0.1 (POST JSON, as routers send). */
export async function startProjectsSubgraph(): Promise<RunningSubgraph> {
  const schema = projectsSchema();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      void graphql({ schema, source: query, variableValues: variables, operationName }).then((result) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
