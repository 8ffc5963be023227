import type { PassageRef, TraceEvent } from "./trace-event.ts";

/** Every passage the trace's retrievals found, by chunk id (where each chunk lies in its document). */
export function tracePassages(events: readonly TraceEvent[]): ReadonlyMap<string, PassageRef> {
  const passages = new Map<string, PassageRef>();
  for (const event of events)
    if (event.type === "retrieve-end") for (const passage of event.passages) passages.set(passage.chunkId, passage);
  return passages;
}
