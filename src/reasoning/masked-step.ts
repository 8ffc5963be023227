import type { SampledLine } from "./step-sampler.ts";

/**
 * The line without its improbable tokens (FLARE's masked query): what the model is sure of, so that a search with it
 * finds passages about the step's subject without carrying its guess. The line's tokens exclude its label.
 */
export function maskImprobable(line: SampledLine, logprobBelow: number): string {
  return line.tokens
    .filter((token) => token.logprob >= logprobBelow)
    .map((token) => token.token)
    .join("")
    .trim();
}
