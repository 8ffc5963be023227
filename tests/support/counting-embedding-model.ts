import type { EmbeddingModel, EmbedOptions, EmbedResult } from "../../src/models/embedding-model.ts";

/** Wraps a real embedding model and counts the texts it is asked to embed. */
export class CountingEmbeddingModel implements EmbeddingModel {
  embeddedTexts = 0;

  constructor(private readonly model: EmbeddingModel) {}

  get modelId(): string {
    return this.model.modelId;
  }

  get dimensions(): number {
    return this.model.dimensions;
  }

  embed(options: EmbedOptions): Promise<EmbedResult> {
    this.embeddedTexts += options.texts.length;
    return this.model.embed(options);
  }

  countTokens(texts: readonly string[]): Promise<number[]> {
    return this.model.countTokens(texts);
  }
}
