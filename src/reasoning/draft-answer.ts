import type { LanguageModel } from "../models/language-model.ts";
import { spanMeanLogprob } from "../models/span-logprob.ts";
import { endOfText, type PromptParts, parseCompletion, renderPrompt } from "./prompt-format.ts";

export interface DraftAnswer {
  readonly steps: readonly string[];
  readonly answer: string | undefined;
  /**
   * Mean token log-probability of the answer where the model first wrote it (usually inside a step): how sure the
   * model was when it produced the fact, not when it copied it onto the answer line.
   */
  readonly answerLogprob: number;
  readonly completion: string;
}

/** Lets the model write its steps and answer greedily after the prompt, and reads out the answer's confidence. */
export async function draftAnswer(
  model: LanguageModel,
  parts: PromptParts,
  options: { maxTokens?: number; abortSignal?: AbortSignal } = {},
): Promise<DraftAnswer> {
  const result = await model.generate({
    prompt: renderPrompt(parts, "step"),
    maxTokens: options.maxTokens ?? 96,
    temperature: 0,
    stop: ["\nQuestion:", endOfText],
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  const generation = result.generations[0];
  const completion = generation?.text ?? "";
  const tokens = generation?.tokens ?? [];
  const { steps, answer } = parseCompletion(completion);
  const at = answer ? completion.indexOf(answer) : -1;
  const answerLogprob =
    (at >= 0 && answer ? spanMeanLogprob(tokens, at, at + answer.length) : undefined) ??
    (tokens.length > 0
      ? tokens.reduce((sum, token) => sum + token.logprob, 0) / tokens.length
      : Number.NEGATIVE_INFINITY);
  return { steps, answer, answerLogprob, completion };
}
