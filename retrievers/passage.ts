/** How passages are found: by vector, by words (BM25), or both fused. */
export type RetrievalMode = "dense" | "full-text" | "hybrid";

/** A retrieved chunk with its provenance: the one shape every retriever returns. */
export interface Passage {
  readonly chunkId: string;
  readonly documentId: string;
  readonly title: string;
  readonly text: string;
  readonly uri: string;
  /** Character offsets of the chunk in its document's text. */
  readonly start: number;
  readonly end: number;
  /** Higher is better; comparable only among passages of one retrieval. */
  readonly score: number;
  /** The retriever that found it. */
  readonly retriever: RetrievalMode;
  /** Whether a reranker ordered it (its score is then the reranker's relevance in [0, 1]). */
  readonly reranked: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
}
