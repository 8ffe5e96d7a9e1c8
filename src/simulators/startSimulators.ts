import type { SourcesConfig } from '../config.js';
import { IBLAI_DEMO_CONFIG, startIblaiSimulator } from './iblai.js';
import { CALL_COUNTS_DEMO_CONFIG, startCallCountsSimulator } from './callCounts.js';
import { CALL_STATS_DEMO_CONFIG, startCallStatsSimulator } from './callStats.js';
import { EJENTO_DEMO_CONFIG, startEjentoSimulator } from './ejento.js';
import type { SimulatorServer } from './startSimulatorServer.js';

export interface Simulators {
  iblai: SimulatorServer;
  callCounts: SimulatorServer;
  callStats: SimulatorServer;
  ejento: SimulatorServer;
  /** Source configuration pointing at these simulators with their demo credentials. */
  sourcesConfig: SourcesConfig;
  close(): Promise<void>;
}

export interface StartSimulatorsOptions {
  /** Fixed extra latency per answer (bench). */
  latencyMs?: number;
  /** Keep request logs (tests count requests; default true). */
  log?: boolean;
  now?: () => number;
}

/** Starts all four built-in backends on 127.0.0.1 with ephemeral ports (demo mode and tests). */
export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<Simulators> {
  const [iblai, callCounts, callStats, ejento] = await Promise.all([
    startIblaiSimulator(options),
    startCallCountsSimulator(options),
    startCallStatsSimulator(options),
    startEjentoSimulator(options),
  ]);
  return {
    iblai,
    callCounts,
    callStats,
    ejento,
    sourcesConfig: {
      iblai: { baseUrl: iblai.url, ...IBLAI_DEMO_CONFIG },
      callCounts: { baseUrl: `${callCounts.url}/v1/`, ...CALL_COUNTS_DEMO_CONFIG },
      callStats: { baseUrl: callStats.url, ...CALL_STATS_DEMO_CONFIG },
      ejento: { baseUrl: ejento.url, ...EJENTO_DEMO_CONFIG },
    },
    close: async () => {
      await Promise.all([iblai.close(), callCounts.close(), callStats.close(), ejento.close()]);
    },
  };
}
