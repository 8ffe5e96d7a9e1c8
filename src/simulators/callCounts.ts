import { startSimulatorServer, type SimulatorServer } from './startSimulatorServer.js';

// Placeholder until the callCounts source lands (its issue replaces this file with a faithful simulator).
export interface CallCountsSimulatorOptions {
  now?: () => number;
  latencyMs?: number;
  log?: boolean;
}

/** Credentials the demo gateway uses against this simulator. */
export const CALL_COUNTS_DEMO_CONFIG = { username: 'demo-service', password: 'demo-password' };

export function startCallCountsSimulator(options: CallCountsSimulatorOptions = {}): Promise<SimulatorServer> {
  return startSimulatorServer({ handler: () => ({ status: 404, body: { detail: 'not implemented' } }), latencyMs: options.latencyMs, log: options.log });
}
