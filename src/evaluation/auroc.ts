/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative (ties count
 * half). Undefined when either class is empty.
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number | undefined {
  if (positives.length === 0 || negatives.length === 0) return undefined;
  const all = [
    ...positives.map((score) => ({ score, positive: true })),
    ...negatives.map((score) => ({ score, positive: false })),
  ];
  all.sort((left, right) => left.score - right.score);
  let rankSum = 0;
  for (let start = 0; start < all.length; ) {
    let end = start;
    while (end < all.length && (all[end] as { score: number }).score === (all[start] as { score: number }).score) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index++)
      if ((all[index] as { positive: boolean }).positive) rankSum += averageRank;
    start = end;
  }
  const n = positives.length;
  return (rankSum - (n * (n + 1)) / 2) / (n * negatives.length);
}
