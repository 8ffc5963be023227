import type { AskStartEvent } from "../../../src/server/ask-start-event.ts";
import { ApiError } from "../api/api-error.ts";
import type { ServerSentEvent } from "../api/server-sent-events.ts";
import { isKnownTraceEvent } from "../trace/known-trace-event.ts";
import type { TraceEvent } from "../trace/trace-event.ts";
import type { AskAnswer } from "./ask-answer.ts";

/** The first event of a streamed ask: its id and what answers it. */
export type AskStart = Pick<AskStartEvent, "id" | "strategy" | "corpus">;

/** An event of a streamed ask, as the Ask view uses it. */
export type AskStreamEvent =
  | { readonly kind: "start"; readonly start: AskStart }
  | { readonly kind: "trace"; readonly event: TraceEvent }
  | { readonly kind: "answer"; readonly answer: AskAnswer }
  | { readonly kind: "error"; readonly error: ApiError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function parsed(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/**
 * Reads one server-sent event of POST /v1/ask. The server is trusted for the events' fields; their kind and the
 * fields that tell them apart are checked, and anything else (a newer server's new event) is left out.
 */
export function askStreamEvent(sent: ServerSentEvent): AskStreamEvent | undefined {
  const data = parsed(sent.data);
  if (!isRecord(data)) return undefined;
  if (sent.event === "ask-start" && typeof data.id === "string" && typeof data.strategy === "string")
    return {
      kind: "start",
      start: { id: data.id, strategy: data.strategy, corpus: typeof data.corpus === "string" ? data.corpus : null },
    };
  if (sent.event === "answer" && typeof data.id === "string" && typeof data.answer === "string")
    return { kind: "answer", answer: data as unknown as AskAnswer };
  if (sent.event === "error") {
    const error = isRecord(data.error) ? data.error : {};
    const code = typeof error.code === "string" ? error.code : "stream_error";
    const message = typeof error.message === "string" ? error.message : "The ask failed.";
    return { kind: "error", error: new ApiError(0, code, message) };
  }
  if (isKnownTraceEvent(data) && data.type === sent.event) return { kind: "trace", event: data };
  return undefined;
}
