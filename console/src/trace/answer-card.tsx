import { percent } from "../components/number-text.ts";
import type { AnswerDetails } from "./answer-details.ts";
import { CitedPassage } from "./cited-passage.tsx";
import { ScoreBar } from "./score-bar.tsx";
import type { PassageRef, TraceEventOf } from "./trace-event.ts";

function Abstention(props: { confidence: number; details: AnswerDetails | undefined }) {
  const threshold = props.details?.abstainBelow;
  const guess = props.details?.guess;
  return (
    <>
      <p>
        The model abstained: its confidence, {percent(props.confidence)}, is
        {threshold === undefined ? " too low" : ` below the threshold of ${percent(threshold)}`}, so it says so instead
        of guessing.
      </p>
      {guess && (
        <p class="muted">
          Its best guess, not given as the answer: <q>{guess}</q>
        </p>
      )}
    </>
  );
}

/**
 * The answer, its confidence as a bar, and its citations, each opening its passage with the supporting sentence
 * highlighted; an abstention is said plainly, with the confidence that caused it. `label` names the region ("Answer"
 * by default).
 */
export function AnswerCard(props: {
  end: TraceEventOf<"answer-end">;
  passages: ReadonlyMap<string, PassageRef>;
  details: AnswerDetails | undefined;
  label?: string | undefined;
}) {
  const { end, details } = props;
  const calibration =
    details === undefined || details.calibrated === null
      ? ""
      : details.calibrated
        ? "calibrated"
        : "not calibrated: the mean of the answer's signals";
  return (
    <section class={end.abstained ? "answer-card abstained" : "answer-card"} aria-label={props.label ?? "Answer"}>
      <h3>{end.abstained ? "No answer: abstained" : "Answer"}</h3>
      <p class="answer-text">{end.answer}</p>
      {end.abstained && <Abstention confidence={end.confidence} details={details} />}
      <ScoreBar label="Confidence" value={end.confidence} valueText={percent(end.confidence)} />
      {calibration && <p class="muted small">Confidence {calibration}.</p>}
      {end.citations.length > 0 ? (
        <>
          <h4>Citations</h4>
          <ul class="citations" aria-label="Citations">
            {end.citations.map((citation) => (
              <CitedPassage
                key={`${citation.number}-${citation.start}`}
                citation={citation}
                chunkStart={props.passages.get(citation.chunkId)?.start}
              />
            ))}
          </ul>
        </>
      ) : (
        !end.abstained && <p class="muted">No citations: the answer rests on what the model recalled.</p>
      )}
    </section>
  );
}
