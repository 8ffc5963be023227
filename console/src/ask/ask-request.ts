import type { SearchMode } from "../corpora/corpus-api.ts";

export type { SearchMode };

/** How the corpus is searched: the server's retrieval modes, the one it defaults to first. */
export const searchModes: readonly SearchMode[] = ["hybrid", "dense", "full-text"];

/** One question put to one strategy: what the Ask form sends to POST /v1/ask. */
export interface AskRequest {
  readonly question: string;
  /** Undefined: no corpus, the strategy answers closed-book. */
  readonly corpus: string | undefined;
  readonly strategy: string;
  readonly mode: SearchMode;
}

/** The body of a streamed ask. */
export function streamedAskBody(request: AskRequest) {
  return {
    question: request.question,
    ...(request.corpus === undefined ? {} : { corpus: request.corpus }),
    strategy: request.strategy,
    mode: request.mode,
    stream: true,
  };
}
