import type { ScoredCandidate } from "./trace-event.ts";

/** A candidate that one or more samples wrote word for word, and whether the gate chose it. */
export interface DistinctCandidate {
  readonly candidate: ScoredCandidate;
  readonly samples: number;
  readonly chosen: boolean;
}

/** The step's candidates with identical ones counted once (samples that agree are shown as one with a count). */
export function distinctCandidates(candidates: readonly ScoredCandidate[], chosen: number): DistinctCandidate[] {
  const byText = new Map<string, { candidate: ScoredCandidate; samples: number; chosen: boolean }>();
  candidates.forEach((candidate, index) => {
    const known = byText.get(candidate.text);
    if (known) {
      known.samples++;
      known.chosen ||= index === chosen;
    } else byText.set(candidate.text, { candidate, samples: 1, chosen: index === chosen });
  });
  return [...byText.values()];
}
