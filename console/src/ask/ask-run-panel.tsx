import { useId } from "preact/hooks";
import { AnswerCard } from "../trace/answer-card.tsx";
import type { TraceEventOf } from "../trace/trace-event.ts";
import { tracePassages } from "../trace/trace-passages.ts";
import { TraceView } from "../trace/trace-view.tsx";
import { abstainBelow } from "./ask-answer.ts";
import { AskFacts } from "./ask-facts.tsx";
import { askProgress } from "./ask-progress.ts";
import type { AskRun } from "./use-ask-run.ts";

function answerEnd(run: AskRun): TraceEventOf<"answer-end"> | undefined {
  return run.events.findLast((event): event is TraceEventOf<"answer-end"> => event.type === "answer-end");
}

/** One strategy's ask: where it is, its answer once decided, what it cost, and its trace as it unfolds. */
export function AskRunPanel(props: { run: AskRun }) {
  const { run } = props;
  const titleId = useId();
  const end = answerEnd(run);
  const answer = run.answer;
  const details =
    answer === undefined
      ? undefined
      : { calibrated: answer.calibrated, guess: answer.guess, abstainBelow: abstainBelow(answer) };
  return (
    <section class="panel ask-run" aria-labelledby={titleId} aria-busy={run.status === "running"}>
      <h2 id={titleId}>
        {run.request?.strategy}{" "}
        <span class="muted small">
          {run.request?.corpus === undefined ? "without a corpus" : `on ${run.request.corpus}`}
        </span>
      </h2>
      <p class={`run-status ${answer?.abstained ? "abstained" : run.status}`}>{askProgress(run)}</p>
      {end && <AnswerCard end={end} passages={tracePassages(run.events)} details={details} />}
      {answer && <AskFacts answer={answer} />}
      <TraceView events={run.events} live={run.status === "running"} />
    </section>
  );
}
