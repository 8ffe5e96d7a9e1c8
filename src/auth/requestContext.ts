import { AsyncLocalStorage } from 'node:async_hooks';
import type { SourceName } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Principal } from './Principal.js';

/**
 * What the code below the resolvers needs to know about the request it serves without being
 * handed it: the HTTP layer reads the caller's forwarded upstream credential and the request's
 * logger from here, so the source clients keep their `request(...)` calls unchanged.
 */
export interface RequestContextStore {
  readonly requestId: string;
  readonly logger: Logger;
  readonly principal: Principal;
  /** The caller's own upstream credential per source (from a configured client header). */
  readonly forwarded: Readonly<Partial<Record<SourceName, string>>>;
}

/** Carried through every promise of one GraphQL request. */
export const requestContext = new AsyncLocalStorage<RequestContextStore>();

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

/**
 * A logger whose lines, when written while a request runs, carry that request's id, however
 * it was obtained (a source client's long-lived logger included). Children stay request-aware.
 */
export function requestAwareLogger(base: Logger): Logger {
  return new Proxy(base, {
    get(target, prop, receiver) {
      if (prop === 'child') {
        return (bindings: Record<string, unknown>, options?: object) => requestAwareLogger(target.child(bindings, options));
      }
      if (typeof prop === 'string' && LEVELS.has(prop)) {
        return (...args: unknown[]) => {
          const store = requestContext.getStore();
          const level = prop as 'info';
          if (!store || !target.isLevelEnabled(level)) return (target[level] as (...a: unknown[]) => void)(...args);
          const child = target.child({ requestId: store.requestId });
          return (child[level] as (...a: unknown[]) => void)(...args);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
