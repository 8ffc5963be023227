import { RecallError } from "../errors/recall-error.ts";
import type { LanguageModel } from "../models/language-model.ts";
import { fitPrompt } from "./fit-prompt.ts";
import { type PromptFormat, type PromptParts, stepLabel } from "./prompt-format.ts";

/**
 * The errors of a model that cannot score a given text: a chat API, or a completions server that ignores "echo"
 * (their stable codes; see the OpenAI-compatible adapters).
 */
const cannotScore = new Set(["scoring_unsupported", "logprobs_unavailable"]);

/** Alternatives read at the next line's first token, for a model that cannot score a given text (servers cap it: Recall at 5). */
const firstTokenAlternatives = 5;

/**
 * The probability the model gives to writing another step after the steps so far, rather than its answer: how sure
 * it is that the chain is finished. A model that recalls the town where someone was born, asked for the region, gives
 * another step a real chance even where it would answer with the town: the bridge it has not crossed yet.
 * A model that cannot score a text (a chat API, a server without echo): for it, the probability of the next line's first token
 * beginning the step label, read from its most likely alternatives.
 */
export async function anotherStepChance(
  model: LanguageModel,
  format: PromptFormat,
  parts: PromptParts,
  abortSignal?: AbortSignal,
): Promise<number> {
  const prompt = await fitPrompt(model, format, parts, "either", 8);
  const signal = abortSignal ? { abortSignal } : {};
  try {
    return Math.exp((await model.score({ prompt, continuation: stepLabel, ...signal })).logprob);
  } catch (error) {
    if (!(error instanceof RecallError && cannotScore.has(error.code))) throw error;
  }
  const result = await model.generate({
    prompt,
    maxTokens: 1,
    temperature: 0,
    topLogprobs: firstTokenAlternatives,
    ...signal,
  });
  const alternatives = result.generations[0]?.tokens[0]?.topLogprobs ?? [];
  return alternatives
    .filter(({ token }) => token.trim() !== "" && stepLabel.startsWith(token.trimStart()))
    .reduce((sum, { logprob }) => sum + Math.exp(logprob), 0);
}
