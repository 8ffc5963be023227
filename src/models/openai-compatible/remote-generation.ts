import type { GenerateOptions, GenerateResult, GenerationStreamEvent, LanguageModel } from "../language-model.ts";
import { ModelInputError } from "../model-errors.ts";

/**
 * Tokens a text takes on a remote model, estimated (about three characters a token, erring long): OpenAI-compatible
 * APIs have no tokenizer endpoint.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

/** Refuses a prompt longer than the model reads, before the server is asked (it would refuse it as an upstream error). */
export async function refuseLongPrompt(model: LanguageModel, prompt: string): Promise<void> {
  const tokens = await model.countTokens(prompt);
  if (tokens > model.contextLength)
    throw new ModelInputError(
      model.modelId,
      `The prompt is about ${tokens} tokens; ${model.modelId} reads at most ${model.contextLength}. Shorten the prompt or the passages in it.`,
    );
}

/** A remote generation as a stream, delivered once the server has answered (the APIs stream one sample each). */
export async function* streamAfterwards(
  options: GenerateOptions,
  generate: (options: GenerateOptions) => Promise<GenerateResult>,
): AsyncIterable<GenerationStreamEvent> {
  yield { type: "generation-start", samples: options.samples ?? 1 };
  const result = await generate(options);
  for (const [sample, generation] of result.generations.entries())
    for (const token of generation.tokens) yield { type: "token-delta", sample, token };
  yield { type: "generation-end", result };
}
