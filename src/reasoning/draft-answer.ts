import type { LanguageModel, TokenLogprob } from "../models/language-model.ts";
import { spanMeanLogprob } from "../models/span-logprob.ts";
import { tokenSpans } from "../models/token-spans.ts";
import { fitPrompt } from "./fit-prompt.ts";
import { answerLabel, type PromptFormat, type PromptParts, parseCompletion } from "./prompt-format.ts";
import { emptyLineLogprob } from "./step-sampler.ts";

export interface DraftAnswer {
  readonly steps: readonly string[];
  readonly answer: string | undefined;
  /**
   * Mean token log-probability of the answer where the model first wrote it, inside a step: how sure the model was
   * when it produced the fact, not when it copied it onto the answer line. When no step states the answer, the
   * lowest token log-probability of the steps: the reasoning's weakest point bounds the answer.
   */
  readonly answerLogprob: number;
  readonly completion: string;
}

/** Lets the model write its steps and answer greedily after the prompt, and reads out the answer's confidence. */
export async function draftAnswer(
  model: LanguageModel,
  format: PromptFormat,
  parts: PromptParts,
  options: { maxTokens?: number; abortSignal?: AbortSignal } = {},
): Promise<DraftAnswer> {
  const result = await model.generate({
    prompt: await fitPrompt(model, format, parts, "step", options.maxTokens ?? 96),
    maxTokens: options.maxTokens ?? 96,
    temperature: 0,
    stop: format.draftStops,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  const generation = result.generations[0];
  const completion = generation?.text ?? "";
  const tokens = generation?.tokens ?? [];
  const { steps, answer } = parseCompletion(completion);
  const stepsEnd = completion.indexOf(`\n${answerLabel}`);
  const reasoning = stepsEnd === -1 ? completion : completion.slice(0, stepsEnd);
  const at = answer ? reasoning.indexOf(answer) : -1;
  const answerLogprob =
    at >= 0 && answer
      ? (spanMeanLogprob(tokens, completion, at, at + answer.length) ?? emptyLineLogprob)
      : weakestToken(tokens, completion, reasoning.length);
  return { steps, answer, answerLogprob, completion };
}

/** The lowest log-probability among the tokens that make up the first `length` characters of `text`. */
function weakestToken(tokens: readonly TokenLogprob[], text: string, length: number): number {
  const spans = tokenSpans(tokens, text);
  let lowest: number | undefined;
  tokens.forEach((token, index) => {
    if ((spans[index]?.start ?? length) >= length) return;
    lowest = lowest === undefined ? token.logprob : Math.min(lowest, token.logprob);
  });
  return lowest ?? emptyLineLogprob;
}
