import type { Example } from './examples.js';

// GraphiQL keeps its tabs in localStorage under `graphiql:tabState` and ignores `defaultTabs`
// once that exists. Writing the state ourselves lets the tabs carry the examples' `# Title`s
// (GraphiQL would title them by operation name) and lets examples added by a later build appear
// next to the user's own tabs instead of being hidden by the stored state.
const TAB_STATE_KEY = 'graphiql:tabState';
const QUERY_KEY = 'graphiql:query';
const VARIABLES_KEY = 'graphiql:variables';
const SEEN_KEY = 'analytics-gateway:examplesSeen';

interface StoredTab {
  id: string;
  hash?: string;
  title: string;
  query: string | null;
  variables: string | null;
  headers: string | null;
  operationName: string | null;
  response: string | null;
}

interface StoredTabState {
  activeTabIndex: number;
  tabs: StoredTab[];
}

function isTabState(value: unknown): value is StoredTabState {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<StoredTabState>;
  return typeof v.activeTabIndex === 'number' && Array.isArray(v.tabs) && v.tabs.every((t) => t && typeof t.id === 'string' && typeof t.title === 'string');
}

function readJson(storage: Storage, key: string): unknown {
  try {
    const raw = storage.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

function operationNameOf(query: string): string | null {
  // The same rule GraphiQL uses for tab titles, so its state stays consistent.
  return /^(?!#).*(query|subscription|mutation)\s+([a-zA-Z0-9_]+)/m.exec(query)?.[2] ?? null;
}

function toTab(example: Example): StoredTab {
  return {
    id: `example-${example.id}`,
    title: example.title,
    query: example.query,
    variables: example.variables,
    headers: null,
    operationName: operationNameOf(example.query),
    response: null,
  };
}

/**
 * Adds every example the browser has not seen yet as a tab (all of them on a first visit, the
 * first one active). Examples the user has seen and closed stay closed. Never throws: without
 * usable storage GraphiQL simply starts with its defaults.
 */
export function seedTabs(storage: Storage, examples: readonly Example[]): void {
  try {
    const seenRaw = readJson(storage, SEEN_KEY);
    const seen = new Set(Array.isArray(seenRaw) ? seenRaw.filter((s): s is string => typeof s === 'string') : []);
    const fresh = examples.filter((e) => !seen.has(e.id));
    if (fresh.length === 0) return;
    const stored = readJson(storage, TAB_STATE_KEY);
    const state: StoredTabState = isTabState(stored) ? stored : { activeTabIndex: 0, tabs: [] };
    const firstNew = state.tabs.length;
    state.tabs.push(...fresh.map(toTab));
    if (firstNew === 0) {
      // A first visit opens on the first example. GraphiQL fills its editors from these keys,
      // not from the active tab (without them the variables editor would start empty).
      // Later additions just join the tab bar and leave the user's editors alone.
      state.activeTabIndex = 0;
      storage.setItem(QUERY_KEY, state.tabs[0]!.query ?? '');
      storage.setItem(VARIABLES_KEY, state.tabs[0]!.variables ?? '');
    }
    storage.setItem(TAB_STATE_KEY, JSON.stringify(state));
    for (const e of fresh) seen.add(e.id);
    storage.setItem(SEEN_KEY, JSON.stringify([...seen].sort()));
  } catch {
    // Storage full or disabled: nothing to seed.
  }
}
