import type { PreparedAsk } from "../app/ask-service.ts";

/**
 * The first event of a streamed ask, sent before the model's first call: which ask this is and what will answer it.
 * Not a trace event: the strategy has not started yet, and the stored trace stays the strategy's.
 */
export interface AskStartEvent {
  readonly type: "ask-start";
  readonly id: string;
  readonly question: string;
  readonly strategy: string;
  /** Null when the ask names no corpus (closed-book). */
  readonly corpus: string | null;
  readonly experiment: { readonly name: string; readonly variant: string } | null;
}

/** The ask-start event of a prepared ask. */
export function askStartEvent(prepared: PreparedAsk): AskStartEvent {
  return {
    type: "ask-start",
    id: prepared.id,
    question: prepared.question,
    strategy: prepared.strategy,
    corpus: prepared.corpus,
    experiment: prepared.experiment,
  };
}
