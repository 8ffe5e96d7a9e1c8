/** One cached upstream answer. Times are epoch ms of the cache's clock. */
export interface CacheEntry {
  /** When the answer was fetched (its age is measured from here). */
  readonly storedAt: number;
  /** Served as fresh until then. */
  readonly freshUntil: number;
  /** Served stale (while one refresh runs) until then; equal to freshUntil for settled answers. */
  readonly staleUntil: number;
  readonly status: number;
  /** The answer's JSON text. */
  readonly text: string;
}

/**
 * Where entries live: memory, Redis, or both. `get` and `set` reject when the backend is
 * unavailable or too slow (the request then goes on without the cache); `set` keeps the entry
 * until `staleUntil`.
 */
export interface CacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
  /**
   * Claims the one background refresh of `key` for `ms` (across replicas when the store is
   * shared); false when someone else holds it.
   */
  claimRefresh(key: string, ms: number): Promise<boolean>;
  close(): Promise<void>;
}

/** `storedAt freshUntil staleUntil status\n<text>`: one string per entry (Redis values, size accounting). */
export function encodeEntry(e: CacheEntry): string {
  return `${e.storedAt} ${e.freshUntil} ${e.staleUntil} ${e.status}\n${e.text}`;
}

/** The entry of an encoded string, or undefined when it is not one (a foreign or truncated value). */
export function decodeEntry(raw: string): CacheEntry | undefined {
  const nl = raw.indexOf('\n');
  if (nl < 0) return undefined;
  const [storedAt, freshUntil, staleUntil, status] = raw.slice(0, nl).split(' ').map(Number);
  if (![storedAt, freshUntil, staleUntil, status].every((n) => Number.isSafeInteger(n))) return undefined;
  return { storedAt: storedAt!, freshUntil: freshUntil!, staleUntil: staleUntil!, status: status!, text: raw.slice(nl + 1) };
}
