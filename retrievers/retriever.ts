import type { Passage, RetrievalMode } from "./passage.ts";
import type { PassageFilter } from "./passage-filter.ts";

export interface RetrieveOptions {
  readonly query: string;
  readonly k: number;
  readonly filter?: PassageFilter;
  /**
   * Dense retrieval embeds this text instead of the query: the generative query, where the reasoning loop passes
   * its draft answer so that passages are found by what the answer would say.
   */
  readonly embedText?: string;
  readonly abortSignal?: AbortSignal;
}

/** Finds the k best passages of one corpus for a query. */
export interface Retriever {
  readonly mode: RetrievalMode;
  /**
   * True when dense search embeds queries generatively (an LLM2Vec-Gen model): the question's own vector then
   * stands for the model's answer, and the generative query needs no drafted text.
   */
  readonly embedsAnswers?: boolean;
  retrieve(options: RetrieveOptions): Promise<Passage[]>;
}
