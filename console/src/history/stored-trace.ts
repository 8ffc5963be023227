import { type AnswerDetails, abstainBelow } from "../trace/answer-details.ts";
import { isKnownTraceEvent } from "../trace/known-trace-event.ts";
import type { TraceEvent } from "../trace/trace-event.ts";
import type { StoredAsk } from "./stored-ask.ts";

/** A stored ask's trace events of the types the console shows, in the order they happened. */
export function storedTraceEvents(ask: StoredAsk): TraceEvent[] {
  return ask.trace.filter(isKnownTraceEvent);
}

/** What the stored ask adds to its answer card; its best guess behind an abstention is not stored. */
export function storedAnswerDetails(ask: StoredAsk): AnswerDetails {
  return { calibrated: ask.calibrated, guess: null, abstainBelow: abstainBelow(ask.parameters) };
}
