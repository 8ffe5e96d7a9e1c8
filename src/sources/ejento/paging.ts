/** Most ids one `ejentoEntities` call may name. */
export const MAX_IDS = 500;
/** Entries of a ranked or recent list when `limit` is omitted, and the most it may ask for. */
export const LIST_DEFAULT_LIMIT = 10;
export const LIST_MAX_LIMIT = 100;
