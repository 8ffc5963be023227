import { wordsOf } from "./grounding.ts";

/**
 * The names a step builds on that the question never gave: capitalised words (not a function word such as "The") that an
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

/**
 * Words that are capitalised only because they begin a sentence ("The", "She"): never a name. English only; in a
 * language that capitalises every noun, every noun reads as a name.
 */
const sentenceOpeners = new Set(
  "a an the he she it they we i you this that these those his her its their our my your there here in on at by for from with of to as when where after before while if".split(
    " ",
  ),
);

/** Capitalised words of a text, as written, without a sentence's opening function word. */
function names(text: string): string[] {
  return wordsOf(text).filter((word) => /^\p{Lu}/u.test(word) && !sentenceOpeners.has(word.toLowerCase()));
}
