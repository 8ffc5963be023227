/** How many answers took 0, 1, 2, and 3 or more retrievals. */
export const retrievalBuckets = ["0", "1", "2", "3+"] as const;

/** Answers per bucket of `retrievalBuckets`, in its order. */
export function retrievalCounts(retrievals: readonly number[]): number[] {
  const counts = retrievalBuckets.map(() => 0);
  for (const value of retrievals) {
    const bucket = Math.min(retrievalBuckets.length - 1, Math.max(0, Math.floor(value)));
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts;
}

/** The mean number of retrievals per answer (0 without answers). */
export function meanRetrievals(retrievals: readonly number[]): number {
  return retrievals.length === 0 ? 0 : retrievals.reduce((sum, value) => sum + value, 0) / retrievals.length;
}
