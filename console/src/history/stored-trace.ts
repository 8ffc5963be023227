import type { AnswerDetails } from "../trace/answer-card.tsx";
import { isKnownTraceEvent } from "../trace/known-trace-event.ts";
import type { TraceEvent, TraceEventOf } from "../trace/trace-event.ts";
import type { StoredAsk } from "./stored-ask.ts";

/** A stored ask's trace events of the types the console shows, in the order they happened. */
export function storedTraceEvents(ask: StoredAsk): TraceEvent[] {
  return ask.trace.filter(isKnownTraceEvent);
}

/** The event that decided the answer, if the trace got that far. */
export function answerEnd(events: readonly TraceEvent[]): TraceEventOf<"answer-end"> | undefined {
  return events.findLast((event): event is TraceEventOf<"answer-end"> => event.type === "answer-end");
}

function abstainBelow(parameters: unknown): number | undefined {
  if (typeof parameters !== "object" || parameters === null || !("abstainBelow" in parameters)) return undefined;
  return typeof parameters.abstainBelow === "number" ? parameters.abstainBelow : undefined;
}

/** What the stored ask adds to its answer card; its best guess behind an abstention is not stored. */
export function storedAnswerDetails(ask: StoredAsk): AnswerDetails {
  return { calibrated: ask.calibrated, guess: null, abstainBelow: abstainBelow(ask.parameters) };
}
