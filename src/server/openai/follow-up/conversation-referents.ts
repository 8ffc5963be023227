import {
  contextEvidence,
  type Gender,
  type KindEvidence,
  type NamedKind,
  nameEvidence,
  titleGender,
} from "./name-cues.ts";
import { type NameMention, nameMentions } from "./name-mentions.ts";
import { sentences } from "./sentences.ts";

/** What a name refers to; "other" where nothing in the conversation shows its kind. */
export type ReferentKind = NamedKind | "other";

/** One turn of a conversation: who said it and its text. */
export interface Turn {
  readonly role: "user" | "assistant";
  readonly text: string;
}

/** Where a referent is named: the turn (0 is the first) and the position in that turn's text. */
export interface MentionPosition {
  readonly turn: number;
  readonly start: number;
  /** Named in a list with others ("Bill Gates and Paul Allen"). */
  readonly listed: boolean;
}

/** Something a conversation names, with what the conversation shows of it. */
export interface Referent {
  readonly name: string;
  readonly kind: ReferentKind;
  /** Known when a title or a gendered pronoun shows it, and only one gender does. */
  readonly gender: Gender | undefined;
  /** Written with "the" ("the Bank of England"). */
  readonly article: boolean;
  /** The title first written before it ("Dr."). */
  readonly title: string | undefined;
  readonly mentions: readonly MentionPosition[];
}

interface Heard {
  readonly turn: number;
  readonly mention: NameMention;
}

const genderedPronoun = /\b(?:(he|him|his)|(she|her|hers))\b/gi;

/**
 * Everything a conversation names, each with its kind read from the words around every mention of it (the name's own
 * words, the verbs and prepositions next to it, titles, and the gendered pronouns that follow it). A capitalised word
 * that only ever opens a sentence ("Records show …") is taken for a name only where its sentence is nothing else or
 * something shows its kind. A single word that is the first or last word of exactly one longer name is that name.
 */
export function conversationReferents(turns: readonly Turn[]): Referent[] {
  const heard: Heard[] = turns.flatMap((turn, index) =>
    nameMentions(turn.text).map((mention) => ({ turn: index, mention })),
  );
  const fullName = fullNames(heard.map(({ mention }) => mention.name));
  const key = ({ mention }: Heard): string => fullName(mention.name);
  const namedMidSentence = new Set(heard.filter(({ mention }) => !mention.opensSentence).map(key));
  const kept = heard.filter(
    (one) =>
      one.mention.name.includes(" ") ||
      !one.mention.opensSentence ||
      one.mention.standsAlone ||
      namedMidSentence.has(key(one)) ||
      total(contextEvidence(one.mention)) > 0,
  );

  const byName = new Map<string, Heard[]>();
  for (const one of kept) {
    const mentions = byName.get(key(one)) ?? [];
    mentions.push(one);
    byName.set(key(one), mentions);
  }
  const kinds = new Map([...byName].map(([name, mentions]) => [name, kindOf(name, mentions)]));
  const genders = new Map([...byName].map(([name, mentions]) => [name, new Set(mentions.flatMap(titleGenders))]));

  const personal = (one: Heard): boolean => ["person", "other"].includes(kinds.get(key(one)) ?? "");
  turns.forEach((turn, index) => {
    const bySentence = new Map<number, Heard[]>();
    for (const one of kept.filter((heard) => heard.turn === index && personal(heard)))
      bySentence.set(one.mention.sentence, [...(bySentence.get(one.mention.sentence) ?? []), one]);
    const sentenceStarts = sentences(turn.text).map((sentence) => sentence.start);
    for (const pronoun of turn.text.matchAll(genderedPronoun)) {
      const sentence = sentenceStarts.findLastIndex((start) => start <= pronoun.index);
      const antecedent =
        bySentence.get(sentence)?.find((one) => one.mention.start < pronoun.index) ?? bySentence.get(sentence - 1)?.[0];
      if (antecedent === undefined) continue;
      const name = key(antecedent);
      kinds.set(name, "person");
      genders.get(name)?.add(pronoun[1] === undefined ? "feminine" : "masculine");
    }
  });

  return [...byName].map(([name, mentions]) => {
    const gender = [...(genders.get(name) ?? [])];
    return {
      name,
      kind: kinds.get(name) ?? "other",
      gender: gender.length === 1 ? gender[0] : undefined,
      article: mentions.some(({ mention }) => mention.article),
      title: mentions.find(({ mention }) => mention.title !== undefined)?.mention.title,
      mentions: mentions.map(({ turn, mention }) => ({ turn, start: mention.start, listed: mention.listed })),
    };
  });
}

/** Maps a one-word name to the one longer name it begins or ends ("Bemtond" to "Treisnos Bemtond"). */
function fullNames(names: readonly string[]): (name: string) => string {
  const longerByWord = new Map<string, Set<string>>();
  for (const name of names.filter((candidate) => candidate.includes(" "))) {
    const words = name.split(" ");
    for (const word of [words[0], words.at(-1)])
      if (word !== undefined) longerByWord.set(word, (longerByWord.get(word) ?? new Set()).add(name));
  }
  return (name) => {
    const longer = longerByWord.get(name);
    if (name.includes(" ") || longer === undefined || longer.size !== 1) return name;
    return [...longer][0] ?? name;
  };
}

/**
 * The kind the evidence favours; a tie is "other". Without evidence a name of several words is taken for a person
 * ("Ada Lovelace"), unless it comes with "the", and a single word is "other".
 */
function kindOf(name: string, mentions: readonly Heard[]): ReferentKind {
  const evidence = [nameEvidence(name), ...mentions.map(({ mention }) => contextEvidence(mention))].reduce(add);
  const ranked = (["person", "organisation", "place"] as const)
    .map((kind) => ({ kind, weight: evidence[kind] }))
    .sort((first, second) => second.weight - first.weight);
  const [top, runnerUp] = ranked;
  if (top === undefined || runnerUp === undefined) return "other";
  if (top.weight === 0)
    return name.includes(" ") && !mentions.some(({ mention }) => mention.article) ? "person" : "other";
  return top.weight === runnerUp.weight ? "other" : top.kind;
}

function titleGenders({ mention }: Heard): Gender[] {
  const gender = titleGender(mention);
  return gender === undefined ? [] : [gender];
}

function add(first: KindEvidence, second: KindEvidence): KindEvidence {
  return {
    person: first.person + second.person,
    organisation: first.organisation + second.organisation,
    place: first.place + second.place,
  };
}

function total(evidence: KindEvidence): number {
  return evidence.person + evidence.organisation + evidence.place;
}
