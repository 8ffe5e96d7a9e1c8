import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitState } from '../resilience/circuitBreaker.js';

/** How an upstream HTTP request ended: its status class, or no answer at all. */
export type UpstreamStatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'timeout' | 'error';
/** What the upstream cache did for one call. */
export type CacheResult = 'hit' | 'miss' | 'stale' | 'bypass';

/** The recorders of one backend, their labels bound once (the upstream hot path allocates nothing). */
export interface SourceMetrics {
  /** An HTTP request to the backend was sent (in flight until `finished`). */
  sent(): void;
  /** That request ended. */
  finished(statusClass: UpstreamStatusClass, seconds: number): void;
  /** A call shared an identical request in flight instead of sending its own. */
  joined(): void;
  /** What the upstream cache did for one call. */
  cache(result: CacheResult): void;
}

/** One circuit to report at scrape time. */
export interface CircuitReading {
  readonly source: string;
  readonly configured: boolean;
  readonly circuit: CircuitState | null;
}

/** The Prometheus metrics of one gateway instance: its own Registry and typed recorders. */
export interface GatewayMetrics {
  readonly registry: Registry;
  /** The `operation_name` label of a request's operation (`anonymous`, or `other` past the bound). */
  operationLabel(name: string | null | undefined): string;
  /** One GraphQL request answered: `codes` are the `extensions.code` of every error in the response. */
  request(operationLabel: string, seconds: number, codes: readonly string[]): void;
  /** The gateway refused a request with 429. */
  rateLimited(): void;
  /** The recorders of one backend (by its `Source` name). */
  source(name: string): SourceMetrics;
  /** What the upstream cache did for one call of `source`. */
  cacheRequest(source: string, result: CacheResult): void;
  /** The cache's backend (e.g. Redis) failed an operation. */
  cacheBackendError(): void;
  /** Reports these circuits on every scrape (the gateway's sources). */
  watchCircuits(read: () => readonly CircuitReading[]): void;
  /** The exposition text of every metric. */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Distinct operation names labelled as themselves before the rest fold into `other` (default 200). */
  maxOperationNames?: number;
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STATUS_CLASSES: readonly UpstreamStatusClass[] = ['2xx', '3xx', '4xx', '5xx', 'timeout', 'error'];
const CACHE_RESULTS: readonly CacheResult[] = ['hit', 'miss', 'stale', 'bypass'];
const CIRCUIT_VALUES: Readonly<Record<CircuitState, number>> = { closed: 0, 'half-open': 1, open: 2 };
/** A name longer than this is not a useful label value: it folds into `other`. */
const MAX_NAME_LENGTH = 128;
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Creates the metrics of one gateway: never the process-wide default registry. */
export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const maxNames = options.maxOperationNames ?? 200;
  const registers = [registry];

  const requests = new Counter({ name: 'gateway_requests_total', help: 'GraphQL requests answered, by operation and whether the response had any error.', labelNames: ['operation_name', 'status'] as const, registers });
  const requestDuration = new Histogram({ name: 'gateway_request_duration_seconds', help: 'Time from arrival to the last byte of a GraphQL response.', labelNames: ['operation_name'] as const, buckets: DURATION_BUCKETS, registers });
  const errors = new Counter({ name: 'gateway_errors_total', help: 'Errors in GraphQL responses, by extensions.code.', labelNames: ['code'] as const, registers });
  const upstreamRequests = new Counter({ name: 'gateway_upstream_requests_total', help: 'HTTP requests sent to a backend (every retry counts; shared and cached calls do not), by how they ended.', labelNames: ['source', 'status_class'] as const, registers });
  const upstreamDuration = new Histogram({ name: 'gateway_upstream_duration_seconds', help: 'Duration of one HTTP request to a backend.', labelNames: ['source'] as const, buckets: DURATION_BUCKETS, registers });
  const inflight = new Gauge({ name: 'gateway_upstream_inflight', help: 'HTTP requests to a backend in flight now.', labelNames: ['source'] as const, registers });
  const joins = new Counter({ name: 'gateway_single_flight_joins_total', help: 'Calls that shared an identical backend request in flight instead of sending one.', labelNames: ['source'] as const, registers });
  const rateLimited = new Counter({ name: 'gateway_rate_limited_total', help: 'Requests the gateway refused with 429 (per-principal rate limit).', registers });
  const cacheRequests = new Counter({ name: 'gateway_cache_requests_total', help: 'Upstream cache look-ups, by result.', labelNames: ['source', 'result'] as const, registers });
  const cacheBackendErrors = new Counter({ name: 'gateway_cache_backend_errors_total', help: 'Failed operations of the cache backend.', registers });
  cacheBackendErrors.inc(0);
  rateLimited.inc(0);

  let readCircuits: (() => readonly CircuitReading[]) | null = null;
  new Gauge({
    name: 'gateway_circuit_state',
    help: 'Circuit breaker state of a configured backend: 0 closed, 1 half-open, 2 open.',
    labelNames: ['source'] as const,
    registers,
    collect() {
      this.reset();
      for (const s of readCircuits?.() ?? []) if (s.configured && s.circuit) this.set({ source: s.source }, CIRCUIT_VALUES[s.circuit]);
    },
  });

  const names = new Set<string>();
  const bySource = new Map<string, SourceMetrics>();

  return {
    registry,
    operationLabel(name) {
      if (!name) return 'anonymous';
      if (names.has(name)) return name;
      if (names.size >= maxNames || name.length > MAX_NAME_LENGTH) return 'other';
      names.add(name);
      return name;
    },
    request(operation, seconds, codes) {
      requests.inc({ operation_name: operation, status: codes.length > 0 ? 'error' : 'ok' });
      requestDuration.observe({ operation_name: operation }, seconds);
      for (const code of codes) errors.inc({ code: CODE.test(code) ? code : 'UNKNOWN' });
    },
    rateLimited: () => rateLimited.inc(),
    source(name) {
      let m = bySource.get(name);
      if (m) return m;
      // Every series of a source exists from the start at 0, so rate() sees its first request.
      const counted = Object.fromEntries(STATUS_CLASSES.map((c) => [c, upstreamRequests.labels({ source: name, status_class: c })])) as Record<UpstreamStatusClass, Counter.Internal>;
      for (const c of STATUS_CLASSES) counted[c].inc(0);
      const cached = Object.fromEntries(CACHE_RESULTS.map((r) => [r, cacheRequests.labels({ source: name, result: r })])) as Record<CacheResult, Counter.Internal>;
      for (const r of CACHE_RESULTS) cached[r].inc(0);
      const duration = upstreamDuration.labels({ source: name });
      const open = inflight.labels({ source: name });
      open.set(0);
      const joined = joins.labels({ source: name });
      joined.inc(0);
      m = {
        sent: () => open.inc(),
        finished(statusClass, seconds) {
          open.dec();
          counted[statusClass].inc();
          duration.observe(seconds);
        },
        joined: () => joined.inc(),
        cache: (result) => cached[result].inc(),
      };
      bySource.set(name, m);
      return m;
    },
    cacheRequest: (source, result) => cacheRequests.inc({ source, result }),
    cacheBackendError: () => cacheBackendErrors.inc(),
    watchCircuits(read) {
      readCircuits = read;
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/** The status class of an HTTP status (1xx, never sent to us by a backend in practice, is `error`). */
export function statusClassOf(status: number): UpstreamStatusClass {
  if (status >= 200 && status < 300) return '2xx';
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 400 && status < 500) return '4xx';
  if (status >= 500 && status < 600) return '5xx';
  return 'error';
}
