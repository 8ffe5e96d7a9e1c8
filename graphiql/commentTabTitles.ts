import type { Plugin } from 'vite';

// GraphiQL titles a tab by its operation name (`UserCosts`) and recomputes the title on every
// edit, so the examples' `# Title` first lines would never show. This build-time patch teaches
// @graphiql/react's tab utility one rule: a tab whose operation starts with a `# ...` line is
// titled by that line; otherwise GraphiQL's own rule applies. It is exact text surgery on a
// pinned dependency (graphiql 5.4.0 → @graphiql/react 0.39.x), so it fails the build loudly when
// the code it expects is gone instead of silently shipping untitled tabs.
const TARGET = /@graphiql[\\/]react[\\/]dist[\\/]utility[\\/]tabs\.js$/;
const TITLE = /title: (newTab\.)?operationName \|\|/g;
const EXPECTED_SITES = 3;

const HELPER = `
function commentTitle(query) {
	const first = typeof query === "string" ? query.split("\\n", 1)[0] : "";
	const match = /^\\s*#+\\s*(\\S.*?)\\s*$/.exec(first);
	return match ? match[1].slice(0, 80) : null;
}
`;

/** Vite plugin: tab titles from a leading `# Title` comment line. */
export function commentTabTitles(): Plugin {
  let patched = false;
  return {
    name: 'analytics-gateway:comment-tab-titles',
    enforce: 'pre',
    transform(code, id) {
      if (!TARGET.test(id.split('?')[0]!)) return null;
      let sites = 0;
      const out = code.replace(TITLE, (_m, prefix: string | undefined) => {
        sites++;
        const p = prefix ?? '';
        return `title: commentTitle(${p}query) || ${p}operationName ||`;
      });
      if (sites !== EXPECTED_SITES) {
        this.error(`commentTabTitles: expected ${EXPECTED_SITES} title sites in ${id}, found ${sites}; @graphiql/react changed, update graphiql/commentTabTitles.ts`);
      }
      patched = true;
      return { code: out + HELPER, map: null };
    },
    buildEnd(err) {
      if (!err && !patched) this.error('commentTabTitles: @graphiql/react/dist/utility/tabs.js was never bundled; update graphiql/commentTabTitles.ts');
    },
  };
}
