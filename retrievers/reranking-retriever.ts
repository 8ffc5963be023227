import type { Reranker } from "../src/models/reranker.ts";
import type { Passage } from "./passage.ts";
import type { RetrieveOptions, Retriever } from "./retriever.ts";

/** How many first-stage passages the reranker reads, at least. */
export const defaultRerankCandidates = 50;

/**
 * Retrieves more candidates than asked with another retriever, lets a cross-encoder read each one with the query,
 * and keeps the k it scores highest. A passage's score becomes the reranker's relevance in [0, 1]; `retriever` still
 * names the mode that found it, and `reranked` says a reranker ordered it.
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
    if (found.length === 0) return [];
    const scores = await this.reranker.score({
      query: options.query,
      texts: found.map((passage) => passage.text),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    return found
      .map((passage, index) => ({ ...passage, score: scores[index] ?? 0, reranked: true }))
      .sort((left, right) => right.score - left.score)
      .slice(0, options.k);
  }
}
