import type { z } from "zod";
import type { Retriever } from "../../retrievers/retriever.ts";
import type { LanguageModel } from "../models/language-model.ts";
import type { AnswerOutcome } from "../reasoning/answer-outcome.ts";
import type { PromptFormat } from "../reasoning/prompt-format.ts";
import type { TraceSink } from "../reasoning/trace-events.ts";

/** What a strategy may use for one question. The model and retriever count their own usage. */
export interface StrategyContext {
  readonly languageModel: LanguageModel;
  /** How to frame prompts for that model (with the caller's instructions in it). */
  readonly format: PromptFormat;
  /** Absent when the ask names no corpus: strategies that need passages then answer closed-book. */
  readonly retriever: Retriever | undefined;
  readonly emit: TraceSink;
  readonly abortSignal?: AbortSignal;
}

/** A named, parameterised way of answering: the unit an A/B test compares. */
export interface Strategy<Parameters = unknown> {
  readonly name: string;
  readonly description: string;
  readonly parameters: z.ZodType<Parameters>;
  run(question: string, parameters: Parameters, context: StrategyContext): Promise<AnswerOutcome>;
}
