import type { TraceEvent, TraceEventOf } from "./trace-event.ts";

/** The event that decided the answer, if the trace got that far. */
export function answerEnd(events: readonly TraceEvent[]): TraceEventOf<"answer-end"> | undefined {
  return events.findLast((event): event is TraceEventOf<"answer-end"> => event.type === "answer-end");
}
