/** A word that starts with a capital letter. */
const capitalised = /^\p{Lu}[\p{L}\p{M}\p{N}'’.-]*$/u;
/** A word of digits, which may go on a name ("Apollo 11"). */
const numeral = /^\p{N}+$/u;
/** A lowercase word of one or two letters that may join the parts of one name: "Bank of America", "Costa da Morte". */
const joiner = /^\p{Ll}{1,2}$/u;
/** Punctuation that ends a name when a word carries it: "Paris, France" is two names. */
const closing = /[,;:!?)\]}"”»]+$/u;
const opening = /^[([{"“«]+/u;

interface Word {
  readonly text: string;
  /** Punctuation before the word: no name runs into it. */
  readonly startsName: boolean;
  /** Punctuation after the word: no name runs on from it. */
  readonly endsName: boolean;
}

/**
 * The names a text mentions, in the order of their first mention, each once: runs of capitalised words (digits may
 * follow), joined by single lowercase words of one or two letters ("Battle of Romanovka"; "Tom and Jerry" is two
 * names), never across punctuation. A sentence's first word counts only when a capitalised word follows it: alone it
 * is capitalised by its place ("He", "After the war"), though "Later Ilse Varnholt" then reads as one name. Works on
 * any script with capital letters; a language without them yields no names.
 */
export function namedEntities(text: string): string[] {
  const names = new Map<string, string>();
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/u)) {
    const words = wordsOf(sentence);
    let index = startsWithName(words) ? 0 : 1;
    while (index < words.length) {
      const run = nameAt(words, index);
      if (run.length === 0) {
        index++;
        continue;
      }
      index += run.length;
      const name = run
        .map((word) => word.text)
        .join(" ")
        .replace(/['’]s$/u, "")
        .replace(/[.'’-]+$/u, "");
      const key = name.toLowerCase();
      if (name !== "" && !names.has(key)) names.set(key, name);
    }
  }
  return [...names.values()];
}

function wordsOf(sentence: string): Word[] {
  return sentence
    .split(/\s+/u)
    .map((raw) => ({
      text: raw.replace(opening, "").replace(closing, ""),
      startsName: opening.test(raw),
      endsName: closing.test(raw),
    }))
    .filter((word) => word.text !== "");
}

function startsWithName(words: readonly Word[]): boolean {
  const [first, second] = words;
  return first !== undefined && second !== undefined && continuesName(first, second) && capitalised.test(second.text);
}

/** Whether `word` may go on the name that `previous` ends. */
function continuesName(previous: Word, word: Word): boolean {
  return !previous.endsName && !word.startsName && (capitalised.test(word.text) || numeral.test(word.text));
}

/** The words of the name that starts at `start` (none when the word there is not capitalised). */
function nameAt(words: readonly Word[], start: number): Word[] {
  const first = words[start];
  if (first === undefined || !capitalised.test(first.text)) return [];
  const run = [first];
  let next = start + 1;
  while (next < words.length) {
    const previous = run.at(-1) ?? first;
    const word = words[next];
    if (word === undefined || previous.endsName) break;
    if (continuesName(previous, word)) {
      run.push(word);
      next++;
      continue;
    }
    const after = words[next + 1];
    if (!isJoiner(word) || after === undefined || after.startsName || !capitalised.test(after.text)) break;
    run.push(word, after);
    next += 2;
  }
  return run;
}

function isJoiner(word: Word): boolean {
  return !word.startsName && !word.endsName && joiner.test(word.text);
}
