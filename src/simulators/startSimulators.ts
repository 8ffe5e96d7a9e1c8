import type { SourcesConfig } from '../config/sourcesConfig.js';
import { SOURCES, type BuiltInSourceKey } from '../sources/registry.js';
import type { AnySourceDefinition, SimulatorStartOptions } from '../sources/SourceDefinition.js';
import type { SimulatorServer } from './startSimulatorServer.js';

/** The running simulators by source key (`sims.ejento.count('/costs')`). */
export type Simulators = { readonly [K in BuiltInSourceKey]: SimulatorServer } & {
  readonly [key: string]: unknown;
  /** Source configuration pointing at these simulators with their demo credentials. */
  readonly sourcesConfig: SourcesConfig;
  /** Every simulator, in registry order. */
  readonly servers: readonly SimulatorServer[];
  /** Clears every simulator's request log. */
  resetLogs(): void;
  close(): Promise<void>;
};

export type StartSimulatorsOptions = SimulatorStartOptions;

/** Starts every source's built-in backend on 127.0.0.1 with an ephemeral port (demo mode and tests). */
export async function startSimulators(options: StartSimulatorsOptions = {}, definitions: readonly AnySourceDefinition[] = SOURCES): Promise<Simulators> {
  const servers = await Promise.all(definitions.map((d) => d.simulator.start(options)));
  const byKey = Object.fromEntries(definitions.map((d, i) => [d.key, servers[i]!]));
  return {
    ...byKey,
    sourcesConfig: Object.fromEntries(definitions.map((d, i) => [d.key, d.simulator.config(servers[i]!)])),
    servers,
    resetLogs: () => servers.forEach((s) => s.resetLog()),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  } as unknown as Simulators;
}
