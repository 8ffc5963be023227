import { AnswerCard } from "../trace/answer-card.tsx";
import { answerEnd } from "../trace/answer-end.ts";
import type { TraceEvent } from "../trace/trace-event.ts";
import { tracePassages } from "../trace/trace-passages.ts";
import type { StoredAsk } from "./stored-ask.ts";
import { storedOutcome } from "./stored-outcome.ts";
import { storedAnswerDetails } from "./stored-trace.ts";

/** What a stored ask came to: a line in the outcome's tone, then its answer card with citations, if it answered. */
export function StoredAnswer(props: { ask: StoredAsk; events: readonly TraceEvent[] }) {
  const outcome = storedOutcome(props.ask);
  const end = answerEnd(props.events);
  return (
    <>
      <p class={`run-status ${outcome.tone}`}>{outcome.text}</p>
      {end && <AnswerCard end={end} passages={tracePassages(props.events)} details={storedAnswerDetails(props.ask)} />}
    </>
  );
}
