import { statesClaim } from "./grounding.ts";

/**
 * The passages a step is written with: those its own search added to the pool, else those that state an accepted
 * step. A small generator reads worse the more passages it is shown, and a passage whose fact is already a step adds
 * nothing but length; the pool keeps them all for the answer and its citations.
 */
export function focusedPassages(
  passages: readonly string[],
  steps: readonly string[],
  foundForStep: ReadonlySet<string>,
): string[] {
  const found = passages.filter((passage) => foundForStep.has(passage));
  if (found.length > 0) return found;
  return passages.filter((passage) => steps.some((step) => statesClaim(step, [passage])));
}
