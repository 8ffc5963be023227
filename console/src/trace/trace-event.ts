/** The loop's trace events and their parts, as the server defines them (types only: nothing of the server is bundled). */
export type {
  Citation,
  PassageRef,
  RewardParts,
  ScoredCandidate,
  TraceEvent,
  TraceEventType,
} from "../../../src/reasoning/trace-events.ts";

import type { TraceEvent } from "../../../src/reasoning/trace-events.ts";

/** The trace event of one type. */
export type TraceEventOf<Type extends TraceEvent["type"]> = Extract<TraceEvent, { readonly type: Type }>;
