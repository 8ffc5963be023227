import type { TraceEvent, TraceEventType } from "./trace-event.ts";

const traceEventTypes: Record<TraceEventType, true> = {
  "recall-start": true,
  "recall-end": true,
  "step-start": true,
  "step-sample": true,
  "step-reward": true,
  "retrieve-start": true,
  "retrieve-end": true,
  "answer-delta": true,
  "answer-end": true,
  decomposed: true,
  "part-answer": true,
};

/**
 * Whether a value the server sent or stored is a trace event of a type the console shows. Its type is checked and its
 * other fields are trusted to the server; an event of a newer server's type is left out.
 */
export function isKnownTraceEvent(value: unknown): value is TraceEvent {
  if (typeof value !== "object" || value === null || !("type" in value)) return false;
  return typeof value.type === "string" && Object.hasOwn(traceEventTypes, value.type);
}
