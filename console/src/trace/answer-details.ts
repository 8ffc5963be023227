/** What the stored or final answer adds to the trace's answer-end event. */
export interface AnswerDetails {
  /** Null where it is not known (an ask stored before it was recorded). */
  readonly calibrated: boolean | null;
  /** What the strategy would have answered had it not abstained. */
  readonly guess: string | null;
  /** The confidence below which the strategy abstains, when its parameters say. */
  readonly abstainBelow: number | undefined;
}

/** The confidence below which a strategy abstains, when its parameters (each strategy's own) say. */
export function abstainBelow(parameters: unknown): number | undefined {
  if (typeof parameters !== "object" || parameters === null || !("abstainBelow" in parameters)) return undefined;
  return typeof parameters.abstainBelow === "number" ? parameters.abstainBelow : undefined;
}
