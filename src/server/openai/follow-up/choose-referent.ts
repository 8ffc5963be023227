import type { MentionPosition, Referent, ReferentKind, Turn } from "./conversation-referents.ts";
import type { PronounFamily, PronounOccurrence } from "./referring-pronoun.ts";
import { wantedKinds } from "./wanted-kinds.ts";

const fittingKinds: Readonly<Record<PronounFamily, readonly ReferentKind[]>> = {
  masculine: ["person"],
  feminine: ["person"],
  neuter: ["organisation", "place", "other"],
  plural: ["person", "organisation", "place", "other"],
};

/**
 * What the pronoun of the last turn refers to: the most recently named referent of a kind the pronoun fits ("he" a
 * person not known to be a woman, "it" anything but a person, "they" anything), preferring one of the kind the
 * predicate asks about, and for "they" the first name of the previous question. Names of one turn count in the order
 * they come, so that its subject goes first. Undefined when nothing fits, and when the question names what the pronoun
 * refers to before it ("Who founded Teithin Foundry and when was it founded?"), and when "they" may mean a list
 * ("Bill Gates and Paul Allen").
 */
export function chooseReferent(
  turns: readonly Turn[],
  referents: readonly Referent[],
  pronoun: PronounOccurrence,
): Referent | undefined {
  const questionTurn = turns.length - 1;
  const question = turns[questionTurn]?.text ?? "";
  const unknownGenderAgrees = !speaksOfBothGenders(question) || otherGenderKnown(referents, pronoun.family);
  const fits = (referent: Referent): boolean =>
    fittingKinds[pronoun.family].includes(referent.kind) && agrees(pronoun.family, referent, unknownGenderAgrees);
  if (referents.some((referent) => fits(referent) && namedInQuestionBefore(referent))) return undefined;

  const candidates = referents
    .filter((referent) => fits(referent) && latestEarlierMention(referent) !== undefined)
    .sort((first, second) => compareSalience(latestEarlierMention(first), latestEarlierMention(second)));
  const topic = pronoun.family === "plural" ? previousQuestionTopic() : undefined;
  const ordered = topic === undefined ? candidates : [topic, ...candidates.filter((referent) => referent !== topic)];
  const wanted = wantedKinds(question);
  const chosen = ordered.find((referent) => wanted.includes(referent.kind)) ?? ordered[0];
  if (chosen === undefined || (pronoun.family === "plural" && latestEarlierMention(chosen)?.listed)) return undefined;
  return chosen;

  function namedInQuestionBefore(referent: Referent): boolean {
    return referent.mentions.some((mention) => mention.turn === questionTurn && mention.start < pronoun.start);
  }

  function latestEarlierMention(referent: Referent): MentionPosition | undefined {
    return referent.mentions
      .filter((mention) => mention.turn < questionTurn)
      .sort((first, second) => compareSalience(first, second))[0];
  }

  function previousQuestionTopic(): Referent | undefined {
    const previous = turns.findLastIndex((turn, index) => turn.role === "user" && index < questionTurn);
    const first = referents
      .flatMap((referent) =>
        referent.mentions.filter((mention) => mention.turn === previous).map((mention) => ({ referent, mention })),
      )
      .sort((one, other) => one.mention.start - other.mention.start)[0];
    return first !== undefined && fits(first.referent) ? first.referent : undefined;
  }
}

/** A later turn first; within a turn, the earlier name first. */
function compareSalience(first: MentionPosition | undefined, second: MentionPosition | undefined): number {
  if (first === undefined || second === undefined) return first === undefined ? 1 : -1;
  return second.turn - first.turn || first.start - second.start;
}

/** Whether a referent's gender agrees with the pronoun's; an unknown gender agrees where it may. */
function agrees(family: PronounFamily, referent: Referent, unknownGenderAgrees: boolean): boolean {
  const gender = family === "masculine" || family === "feminine" ? family : undefined;
  if (gender === undefined) return true;
  return referent.gender === undefined ? unknownGenderAgrees : referent.gender === gender;
}

/** "Did he meet her?": a question that speaks of a man and a woman. */
function speaksOfBothGenders(question: string): boolean {
  return /\b(?:he|him|his)\b/i.test(question) && /\b(?:she|her|hers)\b/i.test(question);
}

/**
 * Whether the other person of "Did he meet her?" is known: then a person of unknown gender may be the one the pronoun
 * means ("he" is Treisnos Bemtond, so "her" is Rorfikus Kremsou), and otherwise nothing tells the two apart.
 */
function otherGenderKnown(referents: readonly Referent[], family: PronounFamily): boolean {
  const other = family === "masculine" ? "feminine" : "masculine";
  return referents.some((referent) => referent.kind === "person" && referent.gender === other);
}
