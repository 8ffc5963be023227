import { wordsOf } from "./grounding.ts";

/**
 * The names a step builds on that the question never gave: capitalised words (past a sentence's first) that an
 * earlier step introduced. "Trevutrour Guild is based in Saizo", after "Gupound Geildeith works for Trevutrour
 * Guild", asked where Gupound Geildeith's employer is based, builds on "Trevutrour" and "Guild": a bridge, whose
 * facts the model has to get right about something it only just recalled.
 */
export function bridgeNames(question: string, earlierSteps: readonly string[], step: string): string[] {
  const introduced = new Set(introducedNames(question, earlierSteps));
  return [...new Set(names(step).filter((name) => introduced.has(name)))];
}

/** The names the steps brought in that the question did not give, in order, once each. */
export function introducedNames(question: string, steps: readonly string[]): string[] {
  const asked = new Set(wordsOf(question));
  return [...new Set(steps.flatMap(names).filter((name) => !asked.has(name)))];
}

/** Capitalised words of a text, as written. */
function names(text: string): string[] {
  return wordsOf(text).filter((word) => /^\p{Lu}/u.test(word));
}
