import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/api-error.ts";
import { api } from "../api/client.ts";
import { useKey } from "../key-context.ts";
import type { TraceEvent } from "../trace/trace-event.ts";
import type { AskAnswer } from "./ask-answer.ts";
import { type AskRequest, streamedAskBody } from "./ask-request.ts";
import { askStreamEvent } from "./ask-stream-event.ts";

export type AskStatus = "idle" | "running" | "answered" | "failed" | "cancelled";

/** One streamed ask as it unfolds: its request, its id once known, the trace so far, then its answer or error. */
export interface AskRun {
  readonly status: AskStatus;
  readonly request: AskRequest | undefined;
  readonly askId: string | undefined;
  readonly events: readonly TraceEvent[];
  readonly answer: AskAnswer | undefined;
  readonly error: unknown;
}

const idle: AskRun = {
  status: "idle",
  request: undefined,
  askId: undefined,
  events: [],
  answer: undefined,
  error: undefined,
};

const endedEarly = new ApiError(0, "stream_ended", "The answer's stream ended before the answer. Ask again.");

/**
 * Runs streamed asks one at a time: `start` cancels the one under way and begins another, `cancel` aborts it (the
 * server stops working on it), `clear` forgets it. Leaving the view cancels too. A 401 opens the key form.
 */
export function useAskRun() {
  const { needKey } = useKey();
  const [run, setRun] = useState<AskRun>(idle);
  const current = useRef<AbortController | undefined>(undefined);

  const cancel = useCallback(() => current.current?.abort(), []);
  const clear = useCallback(() => {
    current.current?.abort();
    current.current = undefined;
    setRun(idle);
  }, []);

  const start = useCallback(
    async (request: AskRequest) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      const update = (change: (previous: AskRun) => AskRun) => {
        if (current.current === controller) setRun(change);
      };
      setRun({ ...idle, status: "running", request });
      try {
        for await (const sent of api.stream("/v1/ask", streamedAskBody(request), controller.signal)) {
          const event = askStreamEvent(sent);
          if (event?.kind === "start") update((previous) => ({ ...previous, askId: event.start.id }));
          if (event?.kind === "trace")
            update((previous) => ({ ...previous, events: [...previous.events, event.event] }));
          if (event?.kind === "answer")
            update((previous) => ({ ...previous, status: "answered", answer: event.answer }));
          if (event?.kind === "error") update((previous) => ({ ...previous, status: "failed", error: event.error }));
        }
        update((previous) =>
          previous.status === "running" ? { ...previous, status: "failed", error: endedEarly } : previous,
        );
      } catch (error) {
        if (controller.signal.aborted) {
          update((previous) => ({ ...previous, status: "cancelled" }));
          return;
        }
        if (error instanceof ApiError && error.needsKey) needKey(error.message);
        update((previous) => ({ ...previous, status: "failed", error }));
      }
    },
    [needKey],
  );

  useEffect(() => () => current.current?.abort(), []);
  return { run, start, cancel, clear };
}
