/** `callCountsByLabel` series per page when `first` is omitted, and the most one page may hold (the upstream's `amt` cap). */
export const BY_LABEL_DEFAULT_FIRST = 64;
export const BY_LABEL_MAX_FIRST = 128;
