import { useId } from "preact/hooks";
import { AnswerCard } from "../trace/answer-card.tsx";
import { abstainBelow } from "../trace/answer-details.ts";
import { answerEnd } from "../trace/answer-end.ts";
import { tracePassages } from "../trace/trace-passages.ts";
import { TraceView } from "../trace/trace-view.tsx";
import { AskFacts } from "./ask-facts.tsx";
import { askProgress } from "./ask-progress.ts";
import type { AskRun } from "./use-ask-run.ts";

/**
 * One strategy's ask: where it is, its answer once decided, what it cost, and its trace as it unfolds. `name` tells
 * its answer and trace regions apart from another panel's, side by side.
 */
export function AskRunPanel(props: { run: AskRun; name?: string | undefined }) {
  const { run, name } = props;
  const titleId = useId();
  const end = answerEnd(run.events);
  const answer = run.answer;
  const details =
    answer === undefined
      ? undefined
      : { calibrated: answer.calibrated, guess: answer.guess, abstainBelow: abstainBelow(answer.parameters) };
  return (
    <section class="panel ask-run" aria-labelledby={titleId} aria-busy={run.status === "running"}>
      <h2 id={titleId}>
        {run.request?.strategy}{" "}
        <span class="muted small">
          {run.request?.corpus === undefined ? "without a corpus" : `on ${run.request.corpus}`}
        </span>
      </h2>
      <p class={`run-status ${answer?.abstained ? "abstained" : run.status}`}>{askProgress(run)}</p>
      {end && (
        <AnswerCard
          end={end}
          passages={tracePassages(run.events)}
          details={details}
          label={name === undefined ? undefined : `Answer, ${name}`}
        />
      )}
      {answer && <AskFacts answer={answer} />}
      <TraceView
        events={run.events}
        live={run.status === "running"}
        label={name === undefined ? undefined : `Trace, ${name}`}
      />
    </section>
  );
}
