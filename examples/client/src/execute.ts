import type { TypedDocumentString } from './gql/graphql.js';

/** A GraphQL error as the gateway reports it: a stable `extensions.code` to branch on. */
export interface GatewayError {
  message: string;
  extensions?: { code?: string; source?: string; [key: string]: unknown };
}

export class GatewayRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: readonly GatewayError[],
  ) {
    super(message);
    this.name = 'GatewayRequestError';
  }
}

export interface GatewayClientOptions {
  /** The gateway's GraphQL endpoint, e.g. https://analytics-gateway.internal/graphql. */
  url: string;
  /** An API key the gateway accepts (GATEWAY_API_KEYS on the gateway). */
  apiKey?: string;
  /** Per-request timeout in ms (default 15000). */
  timeoutMs?: number;
}

/**
 * Runs one typed operation over HTTP POST. The result and variables are typed by the generated
 * document; any error in the response throws (partial data is not returned here).
 */
export async function execute<TResult, TVariables>(
  options: GatewayClientOptions,
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const res = await fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  let body: { data?: TResult | null; errors?: GatewayError[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new GatewayRequestError(`The gateway answered HTTP ${res.status} with a body that is not JSON.`, res.status, []);
  }
  if (body.errors?.length) {
    const first = body.errors[0]!;
    throw new GatewayRequestError(`${first.extensions?.code ?? 'ERROR'}: ${first.message}`, res.status, body.errors);
  }
  if (!res.ok || body.data == null) throw new GatewayRequestError(`The gateway answered HTTP ${res.status} without data.`, res.status, []);
  return body.data;
}
