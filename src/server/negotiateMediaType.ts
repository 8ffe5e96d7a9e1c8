/** The two media types a GraphQL response can be sent as (GraphQL over HTTP). */
export type GraphqlMediaType = 'application/json' | 'application/graphql-response+json';

const CANDIDATES: readonly GraphqlMediaType[] = ['application/json', 'application/graphql-response+json'];

interface Range {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

function parseAccept(accept: string): Range[] {
  const ranges: Range[] = [];
  accept.split(',').forEach((part, order) => {
    const [mediaRange = '', ...params] = part.split(';');
    const [type, subtype] = mediaRange.trim().toLowerCase().split('/');
    if (!type || !subtype) return;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k?.toLowerCase() === 'q') {
        const n = Number(v);
        q = Number.isFinite(n) ? Math.min(Math.max(n, 0), 1) : 0;
      }
    }
    ranges.push({ type, subtype, q, order });
  });
  return ranges;
}

/**
 * The media type to answer a GraphQL request with, from its Accept header; null when the header
 * accepts neither (the caller answers 406). No header, `*\/*` or `application/*` mean
 * application/json, the type every client understands. Like Apollo's negotiation: the highest
 * q wins, then the more specific range, then the range listed first in the header, then
 * application/json.
 */
export function negotiateMediaType(accept: string | undefined): GraphqlMediaType | null {
  if (accept === undefined || accept.trim() === '') return 'application/json';
  const ranges = parseAccept(accept);
  let best: { type: GraphqlMediaType; q: number; specificity: number; order: number } | null = null;
  for (const candidate of CANDIDATES) {
    const [type, subtype] = candidate.split('/') as [string, string];
    let match: { q: number; specificity: number; order: number } | null = null;
    for (const r of ranges) {
      const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
      if (specificity < 0) continue;
      if (!match || specificity > match.specificity) match = { q: r.q, specificity, order: r.order };
    }
    if (!match || match.q <= 0) continue;
    if (!best || match.q > best.q || (match.q === best.q && (match.specificity > best.specificity || (match.specificity === best.specificity && match.order < best.order)))) {
      best = { type: candidate, ...match };
    }
  }
  return best?.type ?? null;
}
