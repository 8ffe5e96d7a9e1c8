import type { Resolvers } from '../generated/graphql.js';
import { baseResolvers } from './base.js';
import { iblaiResolvers } from './iblai.js';
import { callCountsResolvers } from './callCounts.js';
import { callStatsResolvers } from './callStats.js';
import { ejentoResolvers } from './ejento.js';

/** One resolver map per domain, paired with schema/<domain>.graphql. */
export const resolvers: Resolvers[] = [baseResolvers, iblaiResolvers, callCountsResolvers, callStatsResolvers, ejentoResolvers];
