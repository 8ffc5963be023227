import type { Citation } from "../trace/trace-event.ts";

/** What the console reads of the answer that ends a streamed ask (POST /v1/ask's public answer). */
export interface AskAnswer {
  readonly id: string;
  readonly answer: string;
  readonly abstained: boolean;
  readonly confidence: number;
  readonly calibrated: boolean;
  readonly guess: string | null;
  readonly citations: readonly Citation[];
  /** The strategy's parameters as it ran (abstainBelow among them). */
  readonly parameters: unknown;
  readonly usage: {
    readonly modelCalls: number;
    readonly promptTokens: number;
    readonly completionTokens: number;
    readonly retrievals: number;
  };
  readonly latencyMs: number;
}

/** The confidence below which the strategy abstained, when its parameters say. */
export function abstainBelow(answer: AskAnswer): number | undefined {
  const parameters = answer.parameters;
  if (typeof parameters !== "object" || parameters === null || !("abstainBelow" in parameters)) return undefined;
  return typeof parameters.abstainBelow === "number" ? parameters.abstainBelow : undefined;
}
