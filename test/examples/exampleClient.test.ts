import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// One instant for the simulators and the gateway: "the last 7 days" is the same window for the
// example's query and the direct one.
const NOW = Date.parse('2026-11-20T15:30:00Z');

/** `npm run example:client` (tsc, then node) with the given environment. */
function exampleClient(env: Record<string, string>) {
  return run('npm', ['run', '--silent', 'example:client'], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 });
}

describe('npm run example:client', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => NOW, pinGatewayClock: true });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('prints the Ejento organization cost of the last 7 days that the gateway reports', async () => {
    const { stdout } = await exampleClient({ GATEWAY_URL: `${gw.url}/graphql`, GATEWAY_API_KEY: TEST_API_KEY });
    const printed = /cost over the last 7 days: (\d+\.\d+) USD/.exec(stdout);
    expect(printed, stdout).not.toBeNull();
    const direct = await gw.query('{ ejentoOrganization { costs(window: { lastDays: 7 }) { total { amount currency } } } }');
    expect(direct.body.errors).toBeUndefined();
    expect(printed![1]).toBe(direct.body.data.ejentoOrganization.costs.total.amount);
    expect(Number(printed![1])).toBeGreaterThan(0);
  }, 120_000);

  it('fails with the gateway\'s error code when the API key is refused', async () => {
    // The script above compiled the example: run the built file directly.
    const failed = await run(process.execPath, ['examples/client/dist/main.js'], {
      cwd: ROOT,
      env: { ...process.env, GATEWAY_URL: `${gw.url}/graphql`, GATEWAY_API_KEY: 'not-a-key-0123456789abcdef' },
    }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed).not.toBeNull();
    expect(failed!.code).toBe(1);
    expect(failed!.stderr).toContain('UNAUTHENTICATED');
  }, 120_000);
});
