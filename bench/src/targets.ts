// The targets of issues 16 and 14 the summary judges each figure against.

/** API/raw start throughput at concurrency 1, and at every higher concurrency. */
export const TARGET_START_RATIO_C1 = 0.85;
export const TARGET_START_RATIO = 0.95;
/** Median end-to-end overhead per export over the plain script, with the CRS rate limit on. */
export const TARGET_OVERHEAD_P50_MS = 150;
/** Peak RSS of the worker as shipped with 2,000 exports in flight. */
export const TARGET_RSS_MB = 300;
export const TARGET_RSS_EXPORTS = 2000;
/** End lag at most this share of the task's duration, calls at most 5 + log2(T / 2 s), for T up to this. */
export const TARGET_LAG_SHARE = 0.1;
export const TARGET_POLLING_MAX_SECONDS = 1000;
/**
 * The pollers those targets judge: the product (the workflow) and its schedule on the held clock with a right
 * estimate. The fixed and plain-backoff pollers, and the predictive ones without history or with an estimate
 * 30% short, are reported beside them.
 */
export const TARGET_POLLERS: ReadonlySet<string> = new Set(['workflow', 'predictive (project schedule)']);
/** The archive's throughput over a plain lib-storage pipe of the same bytes, and its memory with 4 transfers. */
export const TARGET_ARCHIVE_RATIO = 0.9;
export const TARGET_ARCHIVE_RSS_GROWTH_MB = 100;
