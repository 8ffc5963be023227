/** Graded relevance of documents for one query: document id to grade (> 0 is relevant). */
export type Relevance = ReadonlyMap<string, number>;

/** nDCG@k with the usual gain (2^grade - 1) and log2 discount, against the ideal order of the judged documents. */
export function ndcgAt(ranked: readonly string[], relevance: Relevance, k: number): number {
  const gain = (grade: number): number => 2 ** grade - 1;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, index) => {
    dcg += gain(relevance.get(id) ?? 0) / Math.log2(index + 2);
  });
  const ideal = [...relevance.values()].filter((grade) => grade > 0).sort((left, right) => right - left);
  let idcg = 0;
  ideal.slice(0, k).forEach((grade, index) => {
    idcg += gain(grade) / Math.log2(index + 2);
  });
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Share of the relevant documents found in the first k. */
export function recallAt(ranked: readonly string[], relevance: Relevance, k: number): number {
  const relevant = [...relevance].filter(([, grade]) => grade > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** Reciprocal rank of the first relevant document within the first k (0 if none). */
export function mrrAt(ranked: readonly string[], relevance: Relevance, k: number): number {
  const index = ranked.slice(0, k).findIndex((id) => (relevance.get(id) ?? 0) > 0);
  return index === -1 ? 0 : 1 / (index + 1);
}

/** Document ids in the order of their best passage, each once. */
export function distinctDocuments(documentIds: readonly string[]): string[] {
  return [...new Set(documentIds)];
}
