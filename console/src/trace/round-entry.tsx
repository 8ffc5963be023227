import { plural } from "../components/number-text.ts";
import { CandidateCard } from "./candidate-card.tsx";
import { distinctCandidates } from "./distinct-candidates.ts";
import { GateDecision } from "./gate-decision.tsx";
import type { RoundItem } from "./trace-items.ts";

/** One round of a step's check: the sampled candidates with their reward parts as bars, then the gate's decision. */
export function RoundEntry(props: { item: RoundItem; pending: boolean }) {
  const { item } = props;
  const stepName = `Step ${item.step + 1}`;
  const count = item.reward?.candidates.length ?? item.sample?.candidates.length ?? 0;
  const withPassages = item.sample?.withPassages ?? 0;
  return (
    <>
      <h4>
        {stepName}: {count === 0 ? "checking" : plural(count, "candidate")}
        {withPassages > 0 && <span class="muted"> (written with {plural(withPassages, "passage")})</span>}
      </h4>
      {item.reward ? (
        <>
          <ul class="candidates" aria-label={`${stepName} candidates`}>
            {distinctCandidates(item.reward.candidates, item.reward.chosen).map((distinct) => (
              <CandidateCard
                key={distinct.candidate.text}
                candidate={distinct.candidate}
                samples={distinct.samples}
                chosen={distinct.chosen}
              />
            ))}
          </ul>
          <GateDecision event={item.reward} />
        </>
      ) : item.sample ? (
        <>
          <ul class="sampled" aria-label={`${stepName} candidates`}>
            {item.sample.candidates.map((candidate, index) => (
              <li key={index} class="sampled-candidate">
                {candidate}
              </li>
            ))}
          </ul>
          {props.pending && <p class="muted">Scoring the candidates…</p>}
        </>
      ) : (
        props.pending && <p class="muted">Sampling candidates…</p>
      )}
    </>
  );
}
