export interface PromqlNames {
  /** Metric names the expression selects. */
  metrics: string[];
  /** Label names it matches on or groups by. */
  labels: string[];
  /** Matchers with a literal value (regex alternations split on `|`), e.g. status = ["error"]. */
  matchers: { label: string; values: string[] }[];
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/**
 * The metric and label names a PromQL expression uses, found lexically: identifiers followed by
 * `(` are functions or aggregations; names inside `{…}` and `by/without/on/ignoring (…)` are
 * labels; string literals, ranges and Grafana `$variables` are ignored.
 */
export function promqlNames(expr: string): PromqlNames {
  const labels = new Set<string>();
  const matchers: PromqlNames['matchers'] = [];
  let rest = expr.replace(/\{([^}]*)\}/g, (_, body: string) => {
    for (const m of body.matchAll(/([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
      labels.add(m[1]!);
      // A value with regex syntax other than plain alternation is not a literal.
      if (!/[$.*+?()[\]{}^\\]/.test(m[3]!)) matchers.push({ label: m[1]!, values: m[3]!.split('|') });
    }
    return ' ';
  });
  rest = rest.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_, _kw: string, list: string) => {
    for (const l of list.split(',').map((s) => s.trim()).filter(Boolean)) labels.add(l);
    return ' ';
  });
  rest = rest.replace(/"(?:[^"\\]|\\.)*"/g, ' ').replace(/\[[^\]]*\]/g, ' ').replace(/\$\{?\w+\}?/g, ' ');
  const metrics = new Set<string>();
  for (const m of rest.matchAll(/(?<![\w.:])([A-Za-z_:][\w:]*)(\s*\()?/g)) {
    if (m[2] || KEYWORDS.has(m[1]!.toLowerCase())) continue;
    metrics.add(m[1]!);
  }
  return { metrics: [...metrics], labels: [...labels], matchers };
}
