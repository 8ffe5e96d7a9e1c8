import { startSimulatorServer, type SimulatorServer } from './startSimulatorServer.js';

// Placeholder until the ejento source lands (its issue replaces this file with a faithful simulator).
export interface EjentoSimulatorOptions {
  now?: () => number;
  latencyMs?: number;
  log?: boolean;
}

/** Credentials the demo gateway uses against this simulator. */
export const EJENTO_DEMO_CONFIG = { subscriptionKey: 'demo-subscription-key', token: 'demo-ejento-token', maxBatchSize: 50 };

export function startEjentoSimulator(options: EjentoSimulatorOptions = {}): Promise<SimulatorServer> {
  return startSimulatorServer({ handler: () => ({ status: 404, body: { detail: 'not implemented' } }), latencyMs: options.latencyMs, log: options.log });
}
