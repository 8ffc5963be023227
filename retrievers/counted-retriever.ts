import type { Retriever } from "./retriever.ts";

/** A retriever that also says how many searches of the corpus its retrievals have made so far. */
export interface CountedRetriever extends Retriever {
  readonly searches: number;
}

/**
 * Counts the searches that reach `searcher` (each of its retrievals is one search of the corpus) under the retriever
 * that `over` builds on it: the count is one a retrieval for the searcher itself, more for one that searches several
 * times a retrieval (two rounds). Open one for each request or run whose searches should be counted apart.
 */
export function countSearches(
  searcher: Retriever,
  over: (counted: Retriever) => Retriever = (counted) => counted,
): CountedRetriever {
  let searches = 0;
  const retriever = over({
    mode: searcher.mode,
    ...(searcher.embedsAnswers === undefined ? {} : { embedsAnswers: searcher.embedsAnswers }),
    retrieve(options) {
      searches++;
      return searcher.retrieve(options);
    },
  });
  return {
    mode: retriever.mode,
    ...(retriever.embedsAnswers === undefined ? {} : { embedsAnswers: retriever.embedsAnswers }),
    get searches() {
      return searches;
    },
    retrieve: (options) => retriever.retrieve(options),
  };
}
