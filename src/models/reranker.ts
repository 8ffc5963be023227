export interface RerankOptions {
  readonly query: string;
  readonly texts: readonly string[];
  readonly abortSignal?: AbortSignal;
}

/** Scores how well each text answers a query, reading both together (a cross-encoder): slower, sharper than vectors. */
export interface Reranker {
  readonly modelId: string;
  /** One relevance in [0, 1] per text, in order. */
  score(options: RerankOptions): Promise<number[]>;
}
