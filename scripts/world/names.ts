import type { SeededRandom } from "../../src/util/seeded-random.ts";

const onsets = [
  "b",
  "d",
  "f",
  "g",
  "k",
  "l",
  "m",
  "n",
  "p",
  "r",
  "s",
  "t",
  "v",
  "z",
  "br",
  "dr",
  "kr",
  "st",
  "tr",
  "th",
  "sh",
];
const vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ei"];
const codas = ["", "", "", "n", "r", "l", "s", "m", "th", "nd"];

function syllable(random: SeededRandom): string {
  return random.pick(onsets) + random.pick(vowels) + random.pick(codas);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A pronounceable invented word of the given number of syllables, capitalised. */
export function inventWord(random: SeededRandom, syllables: number): string {
  let word = "";
  for (let index = 0; index < syllables; index++) word += syllable(random);
  return capitalise(word);
}

/**
 * Hands out invented names that never repeat and never contain one another as a word,
 * so that a question about one entity can never be answered by a passage about another by accident.
 */
export class NameRegistry {
  private readonly words = new Set<string>();

  constructor(private readonly random: SeededRandom) {}

  /** Marks every word of an existing name as taken. */
  reserve(name: string): void {
    for (const word of name.split(" ")) this.words.add(word);
  }

  /** A name made of `parts` invented words, each of 2 or 3 syllables, all new to the registry. */
  fresh(parts: number, suffix = ""): string {
    for (;;) {
      const words: string[] = [];
      for (let index = 0; index < parts; index++) words.push(inventWord(this.random, this.random.integer(2, 3)));
      if (words.some((word) => this.words.has(word) || word.length > 11)) continue;
      if (new Set(words).size !== words.length) continue;
      for (const word of words) this.words.add(word);
      return suffix === "" ? words.join(" ") : `${words.join(" ")} ${suffix}`;
    }
  }
}
