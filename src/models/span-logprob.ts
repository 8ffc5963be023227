import type { TokenLogprob } from "./language-model.ts";

/**
 * Mean log-probability of the tokens that cover characters [start, end) of the text the tokens spell out.
 * Undefined when no token covers the span.
 */
export function spanMeanLogprob(tokens: readonly TokenLogprob[], start: number, end: number): number | undefined {
  let offset = 0;
  let sum = 0;
  let count = 0;
  for (const token of tokens) {
    const tokenEnd = offset + token.token.length;
    if (tokenEnd > start && offset < end) {
      sum += token.logprob;
      count++;
    }
    offset = tokenEnd;
  }
  return count === 0 ? undefined : sum / count;
}
