import type { Logger } from '../logger.js';

/** What a source needs from the request it serves: its clock, deadline and logger. */
export interface RequestScope {
  /** The request's arrival time, epoch ms: "now" for every default range in it. */
  readonly now: number;
  /** Absolute deadline for every upstream call of the request, epoch ms. */
  readonly deadline: number;
  readonly logger: Logger;
  readonly requestId: string;
}
