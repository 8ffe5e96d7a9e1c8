/**
 * The refusal of an operation whose estimated answer holds more than `limit` scalar values
 * (MAX_RESULT_CELLS), or null when it fits. The message says how to narrow it: the cells are
 * buckets × metric values for bucket lists and points for series, so each of these shrinks it.
 */
export function resultTooLarge(cells: number, limit: number): { message: string; extensions: Record<string, unknown> } | null {
  if (!(cells > limit)) return null;
  const estimate = Number.isFinite(cells) ? Math.ceil(cells) : null;
  return {
    message:
      `The answer would hold about ${estimate ?? 'too many'} values, over the limit of ${limit}: ` +
      'narrow it with a shorter range, a coarser granularity or bucket, fewer metrics or selected fields, or a smaller `first` (and page with `after`).',
    extensions: { cells: estimate, limit },
  };
}
