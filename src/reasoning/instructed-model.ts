import type { LanguageModel } from "../models/language-model.ts";
import { instructionsLine } from "./prompt-format.ts";

/**
 * The model with the caller's instructions (a chat's system message) in front of every prompt it reads, so that
 * every step of every strategy sees them. Token counts include them, so prompts are still fitted to the context.
 */
export function withInstructions(model: LanguageModel, instructions: string | undefined): LanguageModel {
  const text = instructions?.trim();
  if (!text) return model;
  const prefix = instructionsLine(text);
  return {
    modelId: model.modelId,
    contextLength: model.contextLength,
    countTokens: (prompt) => model.countTokens(prefix + prompt),
    generate: (options) => model.generate({ ...options, prompt: prefix + options.prompt }),
    stream: (options) => model.stream({ ...options, prompt: prefix + options.prompt }),
    score: (options) => model.score({ ...options, prompt: prefix + options.prompt }),
  };
}
