import type { Reranker, RerankOptions } from "../../src/models/reranker.ts";

/**
 * A reranker that scores each text by the relevance it was given for it, and counts the query-text pairs it reads.
 * A text it was not given a relevance for fails the call.
 */
export class CountingRerankerDouble implements Reranker {
  readonly modelId = "counting-reranker-double";
  /** The texts of each score call, in order. */
  readonly calls: (readonly string[])[] = [];

  constructor(private readonly relevance: ReadonlyMap<string, number>) {}

  /** Every query-text pair read so far. */
  get pairs(): number {
    return this.calls.reduce((sum, texts) => sum + texts.length, 0);
  }

  async score(options: RerankOptions): Promise<number[]> {
    this.calls.push(options.texts);
    return options.texts.map((text) => {
      const relevance = this.relevance.get(text);
      if (relevance === undefined) throw new Error(`CountingRerankerDouble was given no relevance for "${text}"`);
      return relevance;
    });
  }
}
