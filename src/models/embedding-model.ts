/** Whether a text is a search query or a passage to be found: models like e5 and bge embed them differently. */
export type EmbeddingKind = "query" | "passage";

export interface EmbedOptions {
  readonly texts: readonly string[];
  readonly kind: EmbeddingKind;
  readonly abortSignal?: AbortSignal;
}

export interface EmbedResult {
  /** One vector per text, in order, each of length `dimensions`. */
  readonly embeddings: readonly Float32Array[];
  readonly usage: { readonly tokens: number };
}

/** Turns texts into vectors for dense retrieval. */
export interface EmbeddingModel {
  readonly modelId: string;
  readonly dimensions: number;
  /**
   * True for generative embeddings (LLM2Vec-Gen): a query's vector already stands for what a model would answer, so
   * the generative query embeds the question itself instead of a drafted answer.
   */
  readonly embedsAnswers?: boolean;
  embed(options: EmbedOptions): Promise<EmbedResult>;
  /** How many tokens of this model's own tokenizer each text takes (without special tokens); chunkers size by it. */
  countTokens(texts: readonly string[]): Promise<number[]>;
}
