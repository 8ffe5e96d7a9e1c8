import { execute, GatewayRequestError } from './execute.js';
import { graphql } from './gql/index.js';

/** The Ejento organization's cost over the last N days (typed from schema.graphql). */
const OrganizationCost = graphql(`
  query OrganizationCost($lastDays: Int!) {
    ejentoOrganization {
      costs(window: { lastDays: $lastDays }) {
        total {
          amount
          currency
        }
        effectiveRange {
          start
          end
        }
      }
    }
  }
`);

async function main(): Promise<void> {
  const url = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
  const apiKey = process.env.GATEWAY_API_KEY;
  const data = await execute({ url, apiKey }, OrganizationCost, { lastDays: 7 });
  // `data` is typed: ejentoOrganization and costs are nullable in the schema.
  const costs = data.ejentoOrganization?.costs;
  if (!costs) throw new Error('The gateway returned no Ejento organization costs.');
  const { amount, currency } = costs.total;
  console.log(`Ejento organization cost over the last 7 days: ${amount} ${currency} (${costs.effectiveRange.start} to ${costs.effectiveRange.end})`);
}

main().catch((err: unknown) => {
  if (err instanceof GatewayRequestError) console.error(`example:client: ${err.message} (HTTP ${err.status})`);
  else console.error(`example:client: ${(err as Error).message}`);
  process.exit(1);
});
