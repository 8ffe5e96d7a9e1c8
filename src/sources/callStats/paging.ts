/** Buckets per page of `callBuckets`/`usageBuckets` when `first` is omitted, and the most one page may hold. */
export const BUCKETS_DEFAULT_FIRST = 1000;
export const BUCKETS_MAX_FIRST = 10_000;
/** The most buckets call-stats answers for one request. */
export const MAX_UPSTREAM_BUCKETS = 10_000;
