import { score } from "../components/number-text.ts";
import { ScoreBar } from "./score-bar.tsx";
import type { RewardParts, ScoredCandidate } from "./trace-event.ts";

const partLabels: Record<keyof RewardParts, string> = {
  confidence: "Confidence",
  consistency: "Consistency",
  grounding: "Grounding",
  novelty: "Novelty",
};

/** One distinct candidate for a step: its text, how many samples wrote it, its reward and each part of it as bars. */
export function CandidateCard(props: { candidate: ScoredCandidate; samples: number; chosen: boolean }) {
  const { candidate } = props;
  const parts = (Object.keys(partLabels) as (keyof RewardParts)[]).flatMap((part) => {
    const value = candidate.parts[part];
    return value === undefined ? [] : [{ part, value }];
  });
  return (
    <li class={props.chosen ? "candidate chosen" : "candidate"}>
      <p class="candidate-text">
        {props.chosen && <span class="badge good">chosen</span>} {candidate.text || <em>(empty)</em>}
        {props.samples > 1 && <span class="muted"> ×{props.samples} samples</span>}
      </p>
      <ScoreBar
        label="Reward"
        value={candidate.reward}
        valueText={score(candidate.reward)}
        tone={props.chosen ? "chosen" : "plain"}
      />
      {parts.map(({ part, value }) => (
        <ScoreBar key={part} label={partLabels[part]} value={value} valueText={score(value)} />
      ))}
    </li>
  );
}
