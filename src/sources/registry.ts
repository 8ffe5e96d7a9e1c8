import { callCountsSource } from './callCounts/index.js';
import { callStatsSource } from './callStats/index.js';
import { ejentoSource } from './ejento/index.js';
import { iblaiSource } from './iblai/index.js';

/**
 * Every built-in backend, once. The order is the `Source` enum's order (statuses, reports and
 * metrics follow it). Adding a backend: write its folder, add its definition here.
 */
export const SOURCES = [iblaiSource, callCountsSource, callStatsSource, ejentoSource] as const;

/** A built-in backend's definition. */
export type BuiltInSource = (typeof SOURCES)[number];
/** The `Source` names of the built-in backends (`IBLAI` | `CALL_COUNTS` | …). */
export type BuiltInSourceName = BuiltInSource['name'];
/** The config keys of the built-in backends (`iblai` | `callCounts` | …). */
export type BuiltInSourceKey = BuiltInSource['key'];
/** The per-request loaders of the built-in backends, by key (`ctx.loaders.ejento`). */
export type BuiltInLoaders = { readonly [D in BuiltInSource as D['key']]: ReturnType<D['createLoaders']> };
