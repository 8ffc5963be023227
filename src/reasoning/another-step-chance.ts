import type { LanguageModel } from "../models/language-model.ts";
import { fitPrompt } from "./fit-prompt.ts";
import { type PromptFormat, type PromptParts, stepLabel } from "./prompt-format.ts";

/**
 * The probability the model gives to writing another step after the steps so far, rather than its answer: how sure
 * it is that the chain is finished. A model that recalls the town where someone was born, asked for the region, gives
 * another step a real chance even where it would answer with the town: the bridge it has not crossed yet.
 */
export async function anotherStepChance(
  model: LanguageModel,
  format: PromptFormat,
  parts: PromptParts,
  abortSignal?: AbortSignal,
): Promise<number> {
  const prompt = await fitPrompt(model, format, parts, "either", 8);
  const scored = await model.score({ prompt, continuation: stepLabel, ...(abortSignal ? { abortSignal } : {}) });
  return Math.exp(scored.logprob);
}
