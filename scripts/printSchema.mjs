// Writes schema.graphql (the client-facing schema) from the built server: run `npm run schema:print`.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { printClientSchema } = await import(join(root, 'dist/src/schema/printClientSchema.js'));
writeFileSync(join(root, 'schema.graphql'), printClientSchema());
console.log('wrote schema.graphql');
