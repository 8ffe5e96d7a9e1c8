import type { ComponentProps } from 'react';
import type { GraphiQL } from 'graphiql';
import { Kind, parse } from 'graphql';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/** Where the gateway answers GraphQL: this page's own origin, never anything else. */
const ENDPOINT = '/graphql';

type Params = Parameters<NonNullable<Fetcher>>[0];

/**
 * GraphiQL updates a tab's operation name a moment after its editor: a Run right after a tab
 * switch can carry the previous tab's name ("Unknown operation named …"). When the name is not
 * in the document and the document has exactly one operation, that operation is meant.
 */
export function withMatchingOperationName(params: Params): Params {
  const name = (params as { operationName?: string | null }).operationName;
  if (!name || typeof params.query !== 'string') return params;
  let names: Array<string | null>;
  try {
    names = parse(params.query).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? null] : []));
  } catch {
    return params; // the gateway reports the syntax error
  }
  if (names.includes(name) || names.length !== 1) return params;
  return { ...params, operationName: names[0] ?? undefined } as Params;
}

/**
 * POSTs the operation as JSON to the page's own origin. `application/json` is not a CORS-simple
 * content type, so Apollo's CSRF prevention accepts it without a preflight header.
 * Headers from GraphiQL's headers editor are passed on.
 */
export const fetcher: Fetcher = async (params, opts) => {
  const res = await fetch(ENDPOINT, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      ...(opts?.headers as Record<string, string> | undefined),
    },
    body: JSON.stringify(withMatchingOperationName(params)),
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    // Not GraphQL (a proxy's error page, say): show it as an error instead of failing silently.
    return { errors: [{ message: `HTTP ${res.status} from ${ENDPOINT}: ${text.slice(0, 300)}` }] };
  }
};

/** Asks the gateway whether it serves built-in demo data; false when it cannot tell. */
export async function fetchDemoFlag(): Promise<boolean> {
  try {
    const res = await fetch(ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ gateway { demo } }' }),
    });
    const body = (await res.json()) as { data?: { gateway?: { demo?: unknown } } };
    return body.data?.gateway?.demo === true;
  } catch {
    return false;
  }
}
