// What every bench runner needs to start gateways: a free loopback port, and the variables of
// each configured source, from its definition in the registry (no backend named here).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { SOURCES } from '../dist/src/sources/registry.js';

export async function freePort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** Each configured source's variables (base URL, secrets, integer settings) for these sources' configs. */
export function sourceEnv(sources) {
  const env = {};
  for (const { key, settings } of SOURCES) {
    const c = sources[key];
    if (!c) continue;
    env[settings.baseUrl] = c.baseUrl;
    for (const [field, variable] of Object.entries(settings.secrets)) env[variable] = c[field];
    for (const [field, { variable }] of Object.entries(settings.integers ?? {})) if (c[field] !== undefined) env[variable] = String(c[field]);
  }
  return env;
}

/** The node flags production starts the gateway with (package.json `start:built`, also the Dockerfile's CMD). */
export const PRODUCTION_NODE_FLAGS = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .scripts['start:built'].split(' ')
  .filter((a) => a.startsWith('--'));
