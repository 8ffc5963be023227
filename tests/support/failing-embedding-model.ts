import type { EmbeddingModel, EmbedOptions, EmbedResult } from "../../src/models/embedding-model.ts";

/**
 * A test double: wraps a real embedding model and fails every embedding call after the first `succeeding` ones, as a
 * run that dies part-way (a crash, a model server gone) would see it. Token counts still come from the real model.
 */
export class FailingEmbeddingModelDouble implements EmbeddingModel {
  private calls = 0;

  constructor(
    private readonly model: EmbeddingModel,
    private readonly succeeding = 0,
  ) {}

  get modelId(): string {
    return this.model.modelId;
  }

  get dimensions(): number {
    return this.model.dimensions;
  }

  embed(options: EmbedOptions): Promise<EmbedResult> {
    this.calls++;
    if (this.calls > this.succeeding) return Promise.reject(new Error("the embedding model stopped answering"));
    return this.model.embed(options);
  }

  countTokens(texts: readonly string[]): Promise<number[]> {
    return this.model.countTokens(texts);
  }
}
