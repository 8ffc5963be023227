import type { EmbeddingModel } from "../src/models/embedding-model.ts";

export interface SearchablePassage {
  readonly documentId: string;
  readonly text: string;
}

export interface ScoredPassage extends SearchablePassage {
  readonly score: number;
}

/**
 * Exact cosine search over passages held in memory: for small corpora and for checking models, where building a
 * LanceDB table would be more work than the search itself.
 */
export class ExhaustiveSearch {
  private constructor(
    private readonly model: EmbeddingModel,
    private readonly passages: readonly SearchablePassage[],
    private readonly vectors: readonly Float32Array[],
  ) {}

  static async build(model: EmbeddingModel, passages: readonly SearchablePassage[]): Promise<ExhaustiveSearch> {
    const { embeddings } = await model.embed({ texts: passages.map((passage) => passage.text), kind: "passage" });
    return new ExhaustiveSearch(model, passages, embeddings);
  }

  /** The k best passages for each query, best first. */
  async search(queries: readonly string[], k: number): Promise<ScoredPassage[][]> {
    const { embeddings } = await this.model.embed({ texts: queries, kind: "query" });
    return embeddings.map((query) =>
      this.passages
        .map((passage, index) => ({ ...passage, score: dot(query, this.vectors[index] as Float32Array) }))
        .sort((left, right) => right.score - left.score)
        .slice(0, k),
    );
  }

  /** The first k distinct documents for each query, in the order of their best passage. */
  async searchDocuments(queries: readonly string[], k: number): Promise<string[][]> {
    const ranked = await this.search(queries, this.passages.length);
    return ranked.map((passages) => [...new Set(passages.map((passage) => passage.documentId))].slice(0, k));
  }
}

function dot(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += (left[index] as number) * (right[index] as number);
  return sum;
}
