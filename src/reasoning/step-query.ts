import { introducedNames } from "./bridge-names.ts";
import { maskImprobable } from "./masked-step.ts";
import type { SampledLine } from "./step-sampler.ts";

/** Tokens less probable than this are masked out of a step searched with (FLARE's default threshold). */
const maskBelow = Math.log(0.4);

/**
 * What to search with for a shaky step after the first: the step as the model is sure of it (its guess masked out),
 * with the names the earlier steps introduced that it does not spell out. Such a step is usually about what an
 * earlier step recalled (the town someone was born in): the question names only where the chain started.
 * Empty when there is nothing to search with beyond the question.
 */
export function stepQuery(question: string, earlierSteps: readonly string[], candidate: SampledLine): string {
  const masked = maskedStep(candidate);
  const missing = introducedNames(question, earlierSteps).filter((name) => !masked.includes(name));
  return [...missing, masked].join(" ").trim();
}

/** The step as the model is sure of it: its tokens under FLARE's threshold masked out. */
export function maskedStep(candidate: SampledLine): string {
  return maskImprobable(candidate, maskBelow);
}
