import { contentWords, support } from "./grounding.ts";
import type { Reward, RewardInput, RewardModel } from "./reward-model.ts";
import type { RewardParts } from "./trace-events.ts";

/** Which parts count and how much; a switched-off part is still computed and kept in the trace. */
export interface HeuristicRewardSettings {
  readonly weights: {
    readonly confidence: number;
    readonly consistency: number;
    readonly grounding: number;
    readonly novelty: number;
  };
}

export const defaultRewardWeights: HeuristicRewardSettings["weights"] = {
  confidence: 1,
  consistency: 1,
  grounding: 1,
  novelty: 0.25,
};

/**
 * The process reward without a trained model: the weighted mean of the parts that apply —
 * confidence (the candidate's geometric-mean token probability), consistency (with siblings: the share of them that
 * state the same value; a candidate that states none agrees with nobody), grounding (with passages in hand: how much of it one passage sentence states) and novelty (after
 * a retrieval: the share of new passages it brought).
 */
export class HeuristicRewardModel implements RewardModel {
  constructor(private readonly settings: HeuristicRewardSettings = { weights: defaultRewardWeights }) {}

  async score(input: RewardInput): Promise<Reward[]> {
    const claims = input.candidates.map((candidate) => claimKey(candidate.text, input.question));
    // One candidate has no siblings to agree with: consistency then says nothing and is left out.
    const comparable = input.candidates.length > 1;
    return input.candidates.map((candidate, index) => {
      const claim = claims[index];
      const agreeing = claim ? claims.filter((other) => other === claim).length : 0;
      const grounded = input.passages.length > 0 ? support(candidate.text, input.passages) : undefined;
      const parts: RewardParts = {
        confidence: Math.exp(candidate.meanLogprob),
        ...(comparable ? { consistency: agreeing / input.candidates.length } : {}),
        ...(input.passages.length > 0 ? { grounding: grounded?.score ?? 0 } : {}),
        ...(input.novelty === undefined ? {} : { novelty: input.novelty }),
      };
      return { reward: this.combine(parts), parts };
    });
  }

  private combine(parts: RewardParts): number {
    const weights = this.settings.weights;
    let total = 0;
    let weight = 0;
    for (const [name, value] of Object.entries(parts) as [keyof RewardParts, number | undefined][]) {
      if (value === undefined) continue;
      total += weights[name] * value;
      weight += weights[name];
    }
    return weight === 0 ? 0 : total / weight;
  }
}

/**
 * What a step claims, for comparing siblings: its last content word that the question does not already say (the
 * value a step states comes last: "... was born in Seske."). Siblings that garble a name but agree on the value agree.
 */
export function claimKey(step: string, question: string): string {
  const known = contentWords(question);
  const words = [...contentWords(step)].filter((word) => !known.has(word));
  return words.at(-1) ?? "";
}
