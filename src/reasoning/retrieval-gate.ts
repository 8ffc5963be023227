import type { Reward } from "./reward-model.ts";

/**
 * Where recall-then-retrieve's retrieval gate sits: its `retrieveBelow` and `agreementBelow` parameters, as a strategy
 * is given them or as `recall calibrate` fits them for a model (a `ModelCalibration`'s gate).
 */
export interface GateThresholds {
  /** A step whose best candidate's reward is under this is retrieved for. */
  readonly retrieveBelow: number;
  /** So is one where a smaller share than this of the candidates agree with the best. */
  readonly agreementBelow: number;
}

/** The gate's verdict on a step: whether it is weak (retrieve for it), and why, from the numbers it was decided on. */
export interface GateVerdict {
  readonly weak: boolean;
  /** A line a person reads: "best reward 0.41 is under the gate 0.50 (4 of 5 candidates agree with it)". */
  readonly reason: string;
}

/**
 * The retrieval gate on a step's best candidate (`best`, among `candidates` siblings): weak when its reward is under
 * `retrieveBelow`, or when its consistency (the share of the siblings that state what it states, itself included) is
 * under `agreementBelow`. A candidate without siblings has no consistency, and agrees with itself.
 */
export function retrievalGate(best: Reward, candidates: number, thresholds: GateThresholds): GateVerdict {
  const consistency = best.parts.consistency;
  const lowReward = best.reward < thresholds.retrieveBelow;
  const disagreement = consistency !== undefined && consistency < thresholds.agreementBelow;
  const rewardShown = shown(best.reward, thresholds.retrieveBelow);
  const gateShown = shown(thresholds.retrieveBelow, best.reward);
  const reward = `best reward ${rewardShown} ${lowReward ? "is under" : "clears"} the gate ${gateShown}`;
  if (consistency === undefined)
    return {
      weak: lowReward,
      reason: `${reward} (${candidates === 1 ? "one candidate: no agreement to check" : "no agreement measured"})`,
    };
  const agreeing = agreementOf(consistency, candidates);
  const needed = neededToAgree(candidates, thresholds.agreementBelow);
  if (lowReward && disagreement)
    return { weak: true, reason: `${reward}, and only ${agreeing} with it (${needed} needed)` };
  if (lowReward) return { weak: true, reason: `${reward} (${agreeing} with it)` };
  if (disagreement)
    return {
      weak: true,
      reason: `only ${agreeing} with the best (${needed} needed), though its reward ${rewardShown} clears the gate ${gateShown}`,
    };
  return { weak: false, reason: `${reward} and ${agreeing} with it` };
}

/** Passage support at or above this counts as stating a step (every content word but one in a short sentence). */
const statedBelowGrounding = 0.8;

/**
 * The gate on a step that builds on a bridge (`names` an earlier step introduced): weak unless a passage in hand
 * states it (`grounding`, when passages were in the prompt), whatever its reward; other steps keep their verdict.
 */
export function bridgeGate(verdict: GateVerdict, names: readonly string[], grounding: number | undefined): GateVerdict {
  if (verdict.weak || names.length === 0) return verdict;
  if (grounding !== undefined && grounding >= statedBelowGrounding)
    return { weak: false, reason: `${verdict.reason}; it builds on ${names.join(" ")}, which a passage states` };
  return {
    weak: true,
    reason: `it builds on ${names.join(" ")}, recalled in an earlier step, and no passage in hand states it (${verdict.reason})`,
  };
}

/**
 * Why a step re-sampled with passages in hand was accepted: a step retrieves once, so its new best candidate is
 * taken whatever its score; the reason gives that score, its agreement, and the passages it was sampled with.
 */
export function acceptedAfterRetrievalReason(best: Reward, candidates: number, passages: number): string {
  const consistency = best.parts.consistency;
  const agreement = consistency === undefined ? "" : ` and ${agreementOf(consistency, candidates)} with it`;
  return `re-sampled with ${passages} passage${passages === 1 ? "" : "s"} in the prompt: best reward ${best.reward.toFixed(2)}${agreement}; a step retrieves once, so it is accepted`;
}

/** "3 of 5 candidates agree": how many of `candidates` siblings agree, from their share. */
function agreementOf(consistency: number, candidates: number): string {
  const agreeing = Math.round(consistency * candidates);
  return `${agreeing} of ${candidates} candidate${candidates === 1 ? "" : "s"} ${agreeing === 1 ? "agrees" : "agree"}`;
}

/** The fewest of `candidates` siblings that must agree for the share not to be under `agreementBelow`. */
function neededToAgree(candidates: number, agreementBelow: number): number {
  for (let count = 0; count <= candidates; count++) if (count / candidates >= agreementBelow) return count;
  return candidates;
}

/**
 * A number to two decimals, or to as many more as it takes (up to six) not to read as equal to `other` when it is
 * not: a reward of 0.498 against a gate of 0.5 reads "0.498 … 0.500", not "0.50 … 0.50".
 */
function shown(value: number, other: number): string {
  for (let digits = 2; digits < 6; digits++)
    if (value === other || value.toFixed(digits) !== other.toFixed(digits)) return value.toFixed(digits);
  return value.toFixed(6);
}
