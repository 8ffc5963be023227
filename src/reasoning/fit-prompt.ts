import type { LanguageModel } from "../models/language-model.ts";
import type { NextLine, PromptFormat, PromptParts } from "./prompt-format.ts";

/**
 * Renders the prompt so that it fits the model's context with room for `reserve` new tokens, showing fewer worked
 * examples, then leaving out the earliest passages, when it must (the question and the steps always stay; the
 * passages kept keep their numbers).
 */
export async function fitPrompt(
  model: LanguageModel,
  format: PromptFormat,
  parts: PromptParts,
  next: NextLine,
  reserve = 64,
): Promise<string> {
  return (await fitPassages(model, format, parts, next, reserve)).prompt;
}

/** `fitPrompt`, and the number of the first passage the prompt kept (passages before it did not fit). */
export async function fitPassages(
  model: LanguageModel,
  format: PromptFormat,
  parts: PromptParts,
  next: NextLine,
  reserve = 64,
): Promise<{ prompt: string; firstKept: number }> {
  const fits = async (prompt: string) => (await model.countTokens(prompt)) + reserve <= model.contextLength;
  for (let examples = format.examples; examples > 0; examples--) {
    const prompt = await format.render(parts, next, examples);
    if (await fits(prompt)) return { prompt, firstKept: 1 };
  }
  const all = parts.passages ?? [];
  for (let dropped = 0; ; dropped++) {
    const passages = all.slice(dropped);
    const prompt = await format.render({ ...parts, passages, firstPassageNumber: dropped + 1 }, next, 0);
    if (passages.length === 0 || (await fits(prompt))) return { prompt, firstKept: dropped + 1 };
  }
}
