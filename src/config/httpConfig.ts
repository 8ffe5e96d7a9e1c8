import { bool, type Env } from './env.js';

export interface HttpConfig {
  /**
   * CSRF_PREVENTION: on/off (default off). On, Apollo's CSRF prevention refuses a GET, or a POST
   * with a form or text/plain content type, unless it carries `apollo-require-preflight` or
   * `x-apollo-operation-name`: for deployments that put cookie authentication in front.
   */
  csrfPrevention: boolean;
}

export const HTTP_VARIABLES = ['CSRF_PREVENTION'] as const;

/** The GraphQL-over-HTTP settings. */
export function readHttpConfig(env: Env): HttpConfig {
  return { csrfPrevention: bool(env, 'CSRF_PREVENTION', false) };
}
