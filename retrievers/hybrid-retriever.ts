import type { Passage } from "./passage.ts";
import type { RetrieveOptions, Retriever } from "./retriever.ts";

export interface HybridWeights {
  readonly dense: number;
  readonly fullText: number;
}

/** The constant of reciprocal-rank fusion: how much the top ranks dominate (60 in the original paper). */
const fusionConstant = 60;

/**
 * Reciprocal-rank fusion of a dense and a full-text retrieval: each passage scores the weighted sum of
 * 1 / (60 + rank) over the lists it appears in. Each list is fetched deeper than k so that fusion has room.
 */
export class HybridRetriever implements Retriever {
  readonly mode = "hybrid" as const;

  constructor(
    private readonly dense: Retriever,
    private readonly fullText: Retriever,
    private readonly weights: HybridWeights = { dense: 1, fullText: 1 },
  ) {}

  get embedsAnswers(): boolean {
    return this.dense.embedsAnswers === true;
  }

  async retrieve(options: RetrieveOptions): Promise<Passage[]> {
    const depth = { ...options, k: Math.max(options.k * 4, 20) };
    const [dense, fullText] = await Promise.all([this.dense.retrieve(depth), this.fullText.retrieve(depth)]);
    const fused = new Map<string, { passage: Passage; score: number }>();
    const add = (passages: readonly Passage[], weight: number): void => {
      passages.forEach((passage, rank) => {
        const entry = fused.get(passage.chunkId) ?? { passage, score: 0 };
        entry.score += weight / (fusionConstant + rank + 1);
        fused.set(passage.chunkId, entry);
      });
    };
    add(dense, this.weights.dense);
    add(fullText, this.weights.fullText);
    return [...fused.values()]
      .sort((left, right) => right.score - left.score)
      .slice(0, options.k)
      .map(({ passage, score }) => ({ ...passage, score, retriever: "hybrid" as const }));
  }
}
