/** `userCosts` page size when `first` is omitted, and the most one page may hold. */
export const USER_COSTS_DEFAULT_FIRST = 10;
export const USER_COSTS_MAX_FIRST = 100;
