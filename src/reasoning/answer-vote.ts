import { normalizeAnswer } from "../text/normalize-answer.ts";
import type { SampledLine } from "./step-sampler.ts";

export interface Vote {
  /** The most frequent answer (as first written), ties to the more probable. */
  readonly answer: string;
  /** Share of the samples that gave it. */
  readonly agreement: number;
  /** Geometric-mean token probability of its most probable sample. */
  readonly probability: number;
  /** That sample's tokens with their log-probabilities. */
  readonly tokens: SampledLine["tokens"];
}

/** Majority vote over sampled answers, compared after normalisation. Undefined when no sample said anything. */
export function voteAnswers(samples: readonly SampledLine[]): Vote | undefined {
  const groups = new Map<string, SampledLine[]>();
  for (const sample of samples) {
    const key = normalizeAnswer(sample.text);
    if (key === "") continue;
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  let best: { members: SampledLine[]; probability: number } | undefined;
  for (const members of groups.values()) {
    const probability = Math.max(...members.map((member) => Math.exp(member.meanLogprob)));
    if (
      !best ||
      members.length > best.members.length ||
      (members.length === best.members.length && probability > best.probability)
    )
      best = { members, probability };
  }
  if (!best) return undefined;
  const first = best.members.reduce((left, right) => (right.meanLogprob > left.meanLogprob ? right : left));
  return {
    answer: first.text,
    agreement: best.members.length / samples.length,
    probability: best.probability,
    tokens: first.tokens,
  };
}
