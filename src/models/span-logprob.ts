import type { TokenLogprob } from "./language-model.ts";
import { tokenSpans } from "./token-spans.ts";

/**
 * Mean log-probability of the tokens that cover characters [start, end) of `text`, the text they were generated as.
 * Undefined when no token covers the span.
 */
export function spanMeanLogprob(
  tokens: readonly TokenLogprob[],
  text: string,
  start: number,
  end: number,
): number | undefined {
  const spans = tokenSpans(tokens, text);
  let sum = 0;
  let count = 0;
  tokens.forEach((token, index) => {
    const span = spans[index] as { start: number; end: number };
    if (span.end > start && span.start < end) {
      sum += token.logprob;
      count++;
    }
  });
  return count === 0 ? undefined : sum / count;
}
