// `npm run schema:subgraph`: writes subgraph.graphql, the SDL the gateway serves at
// `_service { sdl }`, for offline composition (rover, mesh-compose). Reads the built server
// (the script runs `build:server` first); a test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { printSubgraphSdl } = await import('../dist/src/schema/buildSubgraphSchema.js');
const file = fileURLToPath(new URL('../subgraph.graphql', import.meta.url));
writeFileSync(file, printSubgraphSdl());
process.stderr.write(`wrote ${file}\n`);
