import type { z } from "zod";
import type { Retriever } from "../../retrievers/retriever.ts";
import type { LanguageModel, TokenLogprob } from "../models/language-model.ts";
import type { Citation, PassageRef, TraceSink } from "../reasoning/trace-events.ts";

/** What a strategy may use for one question. The model and retriever count their own usage. */
export interface StrategyContext {
  readonly languageModel: LanguageModel;
  /** Absent when the ask names no corpus: strategies that need passages then answer closed-book. */
  readonly retriever: Retriever | undefined;
  readonly emit: TraceSink;
  readonly abortSignal?: AbortSignal;
}

/** A strategy's answer. */
export interface StrategyOutcome {
  /** The answer, or a plain statement that it is not known. */
  readonly answer: string;
  readonly abstained: boolean;
  /** In [0, 1]: how likely the answer is right (measured for calibration by `recall eval ask`). */
  readonly confidence: number;
  /** The answer the strategy would have given without abstaining (for evaluation). */
  readonly guess: string | undefined;
  /** The answer's tokens as the model wrote them, with log-probabilities (empty when it abstained). */
  readonly answerTokens: readonly TokenLogprob[];
  readonly steps: readonly string[];
  readonly citations: readonly Citation[];
  readonly passages: readonly PassageRef[];
}

/** A named, parameterised way of answering: the unit an A/B test compares. */
export interface Strategy<Parameters = unknown> {
  readonly name: string;
  readonly description: string;
  readonly parameters: z.ZodType<Parameters>;
  run(question: string, parameters: Parameters, context: StrategyContext): Promise<StrategyOutcome>;
}
