/** The gateway's version (kept in step with package.json). */
export const GATEWAY_VERSION = '0.1.0';
