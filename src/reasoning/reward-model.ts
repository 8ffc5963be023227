import type { SampledLine } from "./step-sampler.ts";
import type { RewardParts } from "./trace-events.ts";

export interface RewardInput {
  readonly question: string;
  /** The steps accepted before the candidates. */
  readonly steps: readonly string[];
  /** Sibling candidates for the same next step, sampled from one prefix. */
  readonly candidates: readonly SampledLine[];
  /** The passages in hand (texts, numbered from 1 in this order). */
  readonly passages: readonly string[];
  /** For a step re-sampled after a retrieval: the share of the retrieved passages that were new. */
  readonly novelty?: number;
}

export interface Reward {
  /** In [0, 1]. */
  readonly reward: number;
  readonly parts: RewardParts;
}

/** A process reward: scores each candidate step. A judge model or a trained reward model can stand in. */
export interface RewardModel {
  score(input: RewardInput): Promise<Reward[]>;
}
