import type { Passage, RetrievalMode } from "../../retrievers/passage.ts";
import type { RetrieveOptions, Retriever } from "../../retrievers/retriever.ts";

/** A first stage that ranks the passages it was given in their order, and records the k of each call. */
export class ListedRetrieverDouble implements Retriever {
  readonly mode: RetrievalMode = "full-text";
  /** The k of each retrieve call, in order. */
  readonly asked: number[] = [];

  constructor(private readonly ranking: readonly Passage[]) {}

  async retrieve(options: RetrieveOptions): Promise<Passage[]> {
    if (options.filter || options.embedText)
      throw new Error("ListedRetrieverDouble takes neither filters nor embedText");
    this.asked.push(options.k);
    return this.ranking.slice(0, options.k);
  }
}
