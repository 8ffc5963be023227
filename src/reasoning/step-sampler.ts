import type { LanguageModel, TokenLogprob } from "../models/language-model.ts";

/** The log-probability given to a line with no tokens: as improbable as anything (finite, so that it survives JSON). */
export const emptyLineLogprob = -100;

/** One sampled continuation: the text up to the end of the line, with its tokens' log-probabilities. */
export interface SampledLine {
  readonly text: string;
  readonly tokens: readonly TokenLogprob[];
  readonly meanLogprob: number;
  readonly minLogprob: number;
}

export interface SampleLinesOptions {
  readonly prompt: string;
  readonly samples: number;
  /** 0: one greedy line, whatever `samples` says. */
  readonly temperature: number;
  readonly topP?: number;
  readonly seed: number;
  readonly maxTokens?: number;
  /** Alternatives to report at each position (for clients that ask for top log-probabilities). */
  readonly topLogprobs?: number;
  readonly abortSignal?: AbortSignal;
}

/**
 * Truncated step-level sampling: from one fixed prefix, `samples` continuations that each run only to the end of
 * the next line, drawn as one batch from the model's shared prompt cache.
 */
export async function sampleLines(model: LanguageModel, options: SampleLinesOptions): Promise<SampledLine[]> {
  const greedy = options.temperature === 0;
  const result = await model.generate({
    prompt: options.prompt,
    samples: greedy ? 1 : options.samples,
    maxTokens: options.maxTokens ?? 48,
    stop: ["\n"],
    temperature: options.temperature,
    seed: options.seed,
    ...(options.topP === undefined ? {} : { topP: options.topP }),
    ...(options.topLogprobs === undefined ? {} : { topLogprobs: options.topLogprobs }),
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  return result.generations.map((generation) => {
    const logprobs = generation.tokens.map((token) => token.logprob);
    return {
      text: generation.text.trim(),
      tokens: generation.tokens,
      meanLogprob: logprobs.length === 0 ? emptyLineLogprob : logprobs.reduce((a, b) => a + b, 0) / logprobs.length,
      minLogprob: logprobs.length === 0 ? emptyLineLogprob : Math.min(...logprobs),
    };
  });
}
