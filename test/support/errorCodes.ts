/** A GraphQL response body's errors as the tests read them. */
interface ErrorBody {
  errors?: Array<{ path?: ReadonlyArray<string | number>; extensions?: { code?: unknown } }>;
}

/** Every `extensions.code` of a response, in order (empty when it has no errors). */
export function errorCodes(body: unknown): string[] {
  return ((body as ErrorBody)?.errors ?? []).map((e) => String(e.extensions?.code));
}

/** The `extensions.code` of the error at `path` (e.g. `['mentorSummary']`), or undefined. */
export function errorCodeAt(body: unknown, path: ReadonlyArray<string | number>): string | undefined {
  const hit = ((body as ErrorBody)?.errors ?? []).find((e) => JSON.stringify(e.path ?? []) === JSON.stringify(path));
  return hit === undefined ? undefined : String(hit.extensions?.code);
}
