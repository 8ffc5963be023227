import type { LanguageModel } from "../models/language-model.ts";
import { type PromptParts, renderPrompt } from "./prompt-format.ts";

/**
 * Renders the prompt so that it fits the model's context with room for `reserve` new tokens, leaving out the
 * earliest passages when it must (the question and the steps always stay; the passages kept keep their numbers).
 */
export async function fitPrompt(
  model: LanguageModel,
  parts: PromptParts,
  next: "step" | "answer" | "either",
  reserve = 64,
): Promise<string> {
  return (await fitPassages(model, parts, next, reserve)).prompt;
}

/** `fitPrompt`, and the number of the first passage the prompt kept (passages before it did not fit). */
export async function fitPassages(
  model: LanguageModel,
  parts: PromptParts,
  next: "step" | "answer" | "either",
  reserve = 64,
): Promise<{ prompt: string; firstKept: number }> {
  const all = parts.passages ?? [];
  for (let dropped = 0; ; dropped++) {
    const passages = all.slice(dropped);
    const prompt = renderPrompt({ ...parts, passages, firstPassageNumber: dropped + 1 }, next);
    if (passages.length === 0 || (await model.countTokens(prompt)) + reserve <= model.contextLength)
      return { prompt, firstKept: dropped + 1 };
  }
}
