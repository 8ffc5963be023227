import type { Referent } from "./conversation-referents.ts";
import type { PronounOccurrence } from "./referring-pronoun.ts";

/** The singular of the verbs that agree with "they" ("are they" becomes "is Teithin Foundry"). */
const singular: Readonly<Record<string, string>> = {
  are: "is",
  were: "was",
  do: "does",
  have: "has",
  "aren't": "isn't",
  "weren't": "wasn't",
  "don't": "doesn't",
  "haven't": "hasn't",
};
const pluralVerb = "(are|were|do|have|aren't|weren't|don't|haven't)";
const pluralVerbBefore = new RegExp(String.raw`\b${pluralVerb}(\s+)$`, "i");
const pluralVerbAfter = new RegExp(String.raw`^(\s+)${pluralVerb}\b`, "i");
const contracted: Readonly<Record<string, string>> = { re: "is", ve: "has", d: "would", ll: "will" };

/**
 * The question with the pronoun replaced by the referent's name: "he", "him", "it", "they" by the name, a possessive
 * ("his", "its", "their", "her employer", "hers") by the name's ("Treisnos Bemtond's", "Sandvimdrai Works'"). A
 * contraction is spelt out ("it's" becomes "Seske is") and a verb that agreed with "they" becomes singular. The rest of
 * the question keeps its own words, capitals and punctuation.
 */
export function replacePronoun(question: string, pronoun: PronounOccurrence, referent: Referent): string {
  let before = question.slice(0, pronoun.start);
  let after = question.slice(pronoun.end);
  const name = spokenName(referent, /(?:^|[.!?]\s+)["'(]*$/.test(before));
  if (pronoun.role === "possessive") return `${before}${possessive(name)}${after}`;

  const contraction = /^['’](s|re|ve|d|ll)\b/i.exec(after);
  if (contraction?.[1] !== undefined) {
    const verb = contraction[1].toLowerCase();
    const rest = after.slice(contraction[0].length);
    const spelt = verb === "s" ? (/^\s+(?:been|got)\b/i.test(rest) ? "has" : "is") : contracted[verb];
    after = ` ${spelt}${rest}`;
  } else if (pronoun.word.toLowerCase() === "they") {
    before = before.replace(pluralVerbBefore, (_, verb: string, space: string) => `${inflect(verb)}${space}`);
    after = after.replace(pluralVerbAfter, (_, space: string, verb: string) => `${space}${inflect(verb)}`);
  }
  return `${before}${name}${after}`;
}

/** The name as the conversation wrote it: with its article ("the Bank of England"), a surname with its title. */
function spokenName(referent: Referent, opensSentence: boolean): string {
  if (referent.article) return `${opensSentence ? "The" : "the"} ${referent.name}`;
  if (referent.title !== undefined && !referent.name.includes(" ")) return `${referent.title} ${referent.name}`;
  return referent.name;
}

/** "Treisnos Bemtond's"; a name ending in s takes the apostrophe alone ("Sandvimdrai Works'"). */
function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** The singular of a verb that agreed with "they", keeping its capital ("Are" becomes "Is"). */
function inflect(verb: string): string {
  const replacement = singular[verb.toLowerCase()] ?? verb;
  return /^\p{Lu}/u.test(verb) ? `${replacement.charAt(0).toUpperCase()}${replacement.slice(1)}` : replacement;
}
