import { startSimulatorServer, type SimulatorServer } from './startSimulatorServer.js';

// Placeholder until the callStats source lands (its issue replaces this file with a faithful simulator).
export interface CallStatsSimulatorOptions {
  now?: () => number;
  latencyMs?: number;
  log?: boolean;
}

/** Credentials the demo gateway uses against this simulator. */
export const CALL_STATS_DEMO_CONFIG = { apiKey: 'demo-call-stats-key' };

export function startCallStatsSimulator(options: CallStatsSimulatorOptions = {}): Promise<SimulatorServer> {
  return startSimulatorServer({ handler: () => ({ status: 404, body: { detail: 'not implemented' } }), latencyMs: options.latencyMs, log: options.log });
}
