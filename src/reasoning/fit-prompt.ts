import type { LanguageModel } from "../models/language-model.ts";
import { type PromptParts, renderPrompt } from "./prompt-format.ts";

/**
 * Renders the prompt so that it fits the model's context with room for `reserve` new tokens, leaving out the
 * earliest passages when it must (the question and the steps always stay).
 */
export async function fitPrompt(
  model: LanguageModel,
  parts: PromptParts,
  next: "step" | "answer" | "either",
  reserve = 64,
): Promise<string> {
  let passages = [...(parts.passages ?? [])];
  for (;;) {
    const prompt = renderPrompt({ ...parts, passages }, next);
    if (passages.length === 0 || (await model.countTokens(prompt)) + reserve <= model.contextLength) return prompt;
    passages = passages.slice(1);
  }
}
