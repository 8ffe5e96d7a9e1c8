import { badUserInput } from '../errors.js';

/** A Relay connection as our resolvers return it (field names as in the SDL). */
export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

/**
 * Checks `first` against a connection's limits: absent → `defaultFirst`; negative or above
 * `max` → BAD_USER_INPUT (never silently clamped, design.md §3).
 */
export function resolveFirst(first: number | null | undefined, defaultFirst: number, max: number): number {
  if (first === null || first === undefined) return defaultFirst;
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badUserInput(`\`first\` must be an integer from 0 to ${max}, but got ${first}.`);
  }
  return first;
}

/** Builds a connection from one page of nodes and a cursor for each. */
export function toConnection<T>(
  nodes: T[],
  cursorOf: (node: T, index: number) => string,
  page: { hasNextPage: boolean; hasPreviousPage: boolean; totalCount: number | null },
): Connection<T> {
  const edges = nodes.map((node, i) => ({ cursor: cursorOf(node, i), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges.length > 0 ? edges[0]!.cursor : null,
      endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null,
    },
    totalCount: page.totalCount,
  };
}
