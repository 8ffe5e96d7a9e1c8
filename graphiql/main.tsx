// GraphiQL for analytics-gateway, bundled offline: Monaco's workers come from this bundle
// (setup-workers/vite must be imported before GraphiQL), styles and fonts too.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './src/page.css';
import { GraphiQL } from 'graphiql';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { collectExamples } from './src/examples.js';
import { fetchDemoFlag, fetcher } from './src/fetcher.js';
import { seedTabs } from './src/seedTabs.js';

// Embedded at build time: every examples/*.graphql becomes a tab, so new files from any source
// show up after the next `npm run build:graphiql` without touching this file.
const operations = import.meta.glob<string>('./examples/*.graphql', { query: '?raw', import: 'default', eager: true });
const variables = import.meta.glob<string>('./examples/*.json', { query: '?raw', import: 'default', eager: true });
const examples = collectExamples(operations, variables);

function storageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // Disabled storage (privacy settings) throws on access.
  }
}

function App() {
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    void fetchDemoFlag().then(setDemo);
  }, []);
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultTabs={examples.map((e) => ({ query: e.query, variables: e.variables }))}
      defaultEditorToolsVisibility="variables"
    >
      <GraphiQL.Logo>
        <span className="ag-logo">
          analytics-gateway
          {demo && (
            <span className="ag-demo" role="status" title="The gateway serves built-in simulated backends, not real ones.">
              Demo data
            </span>
          )}
        </span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

const storage = storageOrNull();
if (storage) seedTabs(storage, examples);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
