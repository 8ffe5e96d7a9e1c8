// Writes dist/trusted-documents.json: the GraphiQL examples and page documents as a trusted-documents
// manifest ({ "<sha256 hex>": "<document>" }), merged with TRUSTED_DOCUMENTS at start-up.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentsFromExamples } from '../dist/src/persisted/builtInDocuments.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = documentsFromExamples(join(root, 'graphiql', 'examples'), join(root, 'dashboard', 'documents'));
if (Object.keys(manifest).length < 2) throw new Error('no GraphiQL examples found under graphiql/examples');
writeFileSync(join(root, 'dist', 'trusted-documents.json'), `${JSON.stringify(manifest, null, 2)}\n`);
