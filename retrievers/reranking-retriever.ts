import type { Reranker } from "../src/models/reranker.ts";
import type { Passage } from "./passage.ts";
import type { RetrieveOptions, Retriever } from "./retriever.ts";

/** How many first-stage passages the reranker reads, at least. */
export const defaultRerankCandidates = 50;

/**
 * Lets a cross-encoder reorder the first `candidates` passages of another retriever. Asked for fewer passages than
 * that, it still reranks `candidates` and keeps the k it scores highest; asked for more (an evaluation that measures
 * recall@100), it reranks exactly `candidates` and returns them first, then the rest of the first-stage ranking in
 * its own order. A reranked passage's score is the reranker's relevance in [0, 1] and `reranked` is true; a passage
 * after them keeps `reranked` false and scores below them all (minus its place among them: -1, -2, ...), so scores
 * still fall down the list. `retriever` still names the mode that found each one.
 */
export class RerankingRetriever implements Retriever {
  constructor(
    private readonly inner: Retriever,
    private readonly reranker: Reranker,
    private readonly candidates = defaultRerankCandidates,
  ) {}

  get mode() {
    return this.inner.mode;
  }

  get embedsAnswers(): boolean {
    return this.inner.embedsAnswers === true;
  }

  async retrieve(options: RetrieveOptions): Promise<Passage[]> {
    const found = await this.inner.retrieve({ ...options, k: Math.max(options.k, this.candidates) });
    const candidates = found.slice(0, this.candidates);
    if (candidates.length === 0) return [];
    const scores = await this.reranker.score({
      query: options.query,
      texts: candidates.map((passage) => passage.text),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    const reranked = candidates
      .map((passage, index) => ({ ...passage, score: scores[index] ?? 0, reranked: true }))
      .sort((left, right) => right.score - left.score);
    const rest = found.slice(this.candidates).map((passage, index) => ({ ...passage, score: -(index + 1) }));
    return [...reranked, ...rest].slice(0, options.k);
  }
}
