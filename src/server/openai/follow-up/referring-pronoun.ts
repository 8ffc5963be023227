/** Which names a pronoun can stand for: a man, a woman, a thing, or any of these ("they"). */
export type PronounFamily = "masculine" | "feminine" | "neuter" | "plural";

/** A personal pronoun ("he", "them") becomes the name; a possessive one ("his", "hers", "her employer") the name's. */
export type PronounRole = "personal" | "possessive";

/** A pronoun of a question that refers to something named earlier. */
export interface PronounOccurrence {
  readonly word: string;
  readonly start: number;
  readonly end: number;
  readonly family: PronounFamily;
  readonly role: PronounRole;
}

const pronouns: Readonly<Record<string, { family: PronounFamily; role: PronounRole }>> = {
  he: { family: "masculine", role: "personal" },
  him: { family: "masculine", role: "personal" },
  his: { family: "masculine", role: "possessive" },
  she: { family: "feminine", role: "personal" },
  her: { family: "feminine", role: "possessive" },
  hers: { family: "feminine", role: "possessive" },
  it: { family: "neuter", role: "personal" },
  its: { family: "neuter", role: "possessive" },
  they: { family: "plural", role: "personal" },
  them: { family: "plural", role: "personal" },
  their: { family: "plural", role: "possessive" },
  theirs: { family: "plural", role: "possessive" },
};
const pronoun = /\b(?:he|him|his|she|her|hers|it|its|they|them|their|theirs)\b/gi;

/**
 * "it" that stands for no thing: "is it true that …", "it seems that …", "how long does it take …", the weather ("is
 * it raining?") and the time ("what time is it?").
 */
const dummyItAfter =
  /^\s*(?:(?:is|was|['’]s|would be|will be|might be|could be|may be|seems|seemed|appears|appeared)\s+)?(?:not\s+)?(?:(?:true|possible|impossible|likely|unlikely|the case|correct|right|fair|necessary|important|worth|clear|certain|obvious|odd|strange|surprising|raining|snowing|sunny|cloudy|windy|foggy|stormy|cold|hot|warm|late|early|dark|light outside)\b|(?:going to|likely to|about to) (?:rain|snow)\b|(?:known|said|reported|thought|believed|seems|seemed|appears|appeared|turns out|turned out)\s+(?:that|as if)\b)/i;
const dummyItBefore =
  /\b(?:how (?:far|long|late|early|often) (?:is|was|does|did|will|would)|what (?:time|day|date|year|month|hour|season) (?:is|was|will be))\s+$/i;

/** Where "it's" can only be a misspelt "its" ("What is it's industry?"), as "it is" cannot follow these. */
const mistakenPossessiveBefore = /\b(?:is|was|of|in|on|about|for|with|from|at|by)\s+$/i;

/** Words that cannot follow a possessive "her": after them "her" is an object ("about her in", "ask her again"). */
const notAfterPossessive = new Set([
  ...["the", "a", "an", "this", "that", "these", "those", "some", "any", "my", "your", "his", "her", "its", "our"],
  ...["their", "in", "on", "at", "for", "to", "from", "with", "about", "by", "of", "as", "into", "onto", "over"],
  ...["under", "after", "before", "since", "during", "and", "or", "but", "nor", "so", "if", "when", "because"],
  ...["than", "whether", "while", "where", "yesterday", "today", "tomorrow", "again", "now", "then", "there"],
  ...["here", "too", "also", "once", "still", "well", "back", "up", "down", "out", "away", "ever", "never", "not"],
  ...["recently", "already", "anymore", "lately", "often", "anything", "something", "everything", "nothing"],
]);
/** Participles that read as a verb after "her" ("Where was her born?"), when the clause ends or a preposition follows. */
const participle =
  /^\s+(?:born|based|founded|named|called|raised|buried|employed|educated|trained|hired|paid|located)(?=\s*(?:$|\p{P}|(?:in|at|by|on|to|for|from|as|with)\b))/iu;

/**
 * The first pronoun of a question that refers to something: a dummy "it" ("is it true that …") is skipped, "her" is
 * possessive only before what can be a noun ("her employer", not "employs her in", nor a mistaken "was her born"), and
 * "it's" is a misspelt "its" where "it is" cannot stand ("What is it's industry?").
 */
export function referringPronoun(question: string): PronounOccurrence | undefined {
  for (const found of question.matchAll(pronoun)) {
    const word = found[0];
    const start = found.index;
    const end = start + word.length;
    const before = question.slice(0, start);
    const after = question.slice(end);
    const lower = word.toLowerCase();
    if (lower === "it" && (dummyItAfter.test(after) || dummyItBefore.test(before))) continue;
    if (lower === "it" && mistakenPossessiveBefore.test(before) && /^['’]s\b/.test(after))
      return { word: `${word}${after.slice(0, 2)}`, start, end: end + 2, family: "neuter", role: "possessive" };
    const { family, role } = pronouns[lower] ?? { family: "neuter", role: "personal" };
    const possessive = lower === "her" ? possessiveHer(after) : role === "possessive";
    return { word, start, end, family, role: possessive ? "possessive" : "personal" };
  }
  return undefined;
}

function possessiveHer(after: string): boolean {
  const next = /^\s+([\p{L}'’-]+)/u.exec(after)?.[1]?.toLowerCase();
  return next !== undefined && !notAfterPossessive.has(next) && !participle.test(after);
}
