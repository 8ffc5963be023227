/**
 * Martin Porter's stemmer (1980), as in his reference implementation and in Lucene's PorterStemFilter, which Anserini
 * and Pyserini use for their published BM25 baselines: "connections" and "connected" both become "connect". Takes
 * a lower-case word; words of one or two letters are returned as they are.
 */
export function porterStem(word: string): string {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
  const stemmer = new PorterWord(word);
  stemmer.step1ab();
  if (stemmer.end > 0) {
    stemmer.step1c();
    stemmer.step2();
    stemmer.step3();
    stemmer.step4();
    stemmer.step5();
  }
  return stemmer.word.slice(0, stemmer.end + 1);
}

/** The word being stemmed: `end` is the index of its last letter, `stemEnd` that of the stem a rule looks at. */
class PorterWord {
  end: number;
  private stemEnd = 0;

  constructor(public word: string) {
    this.end = word.length - 1;
  }

  private consonant(index: number): boolean {
    const letter = this.word[index];
    if (letter === "a" || letter === "e" || letter === "i" || letter === "o" || letter === "u") return false;
    if (letter === "y") return index === 0 || !this.consonant(index - 1);
    return true;
  }

  /** m: the number of vowel-consonant sequences in the stem (letters 0 to stemEnd). */
  private measure(): number {
    let count = 0;
    let index = 0;
    while (true) {
      if (index > this.stemEnd) return count;
      if (!this.consonant(index)) break;
      index++;
    }
    index++;
    while (true) {
      while (true) {
        if (index > this.stemEnd) return count;
        if (this.consonant(index)) break;
        index++;
      }
      index++;
      count++;
      while (true) {
        if (index > this.stemEnd) return count;
        if (!this.consonant(index)) break;
        index++;
      }
      index++;
    }
  }

  private vowelInStem(): boolean {
    for (let index = 0; index <= this.stemEnd; index++) if (!this.consonant(index)) return true;
    return false;
  }

  private doubleConsonant(index: number): boolean {
    return index >= 1 && this.word[index] === this.word[index - 1] && this.consonant(index);
  }

  /** Consonant-vowel-consonant ending at `index`, the last consonant not w, x or y: "hop", not "snow". */
  private consonantVowelConsonant(index: number): boolean {
    if (index < 2 || !this.consonant(index) || this.consonant(index - 1) || !this.consonant(index - 2)) return false;
    const letter = this.word[index];
    return letter !== "w" && letter !== "x" && letter !== "y";
  }

  /** Whether the word ends with `suffix`; if so, the stem is what comes before it. */
  private endsWith(suffix: string): boolean {
    const length = suffix.length;
    if (length > this.end + 1) return false;
    if (this.word.slice(this.end - length + 1, this.end + 1) !== suffix) return false;
    this.stemEnd = this.end - length;
    return true;
  }

  /** Replaces what follows the stem by `replacement`. */
  private setTo(replacement: string): void {
    this.word = this.word.slice(0, this.stemEnd + 1) + replacement + this.word.slice(this.end + 1);
    this.end = this.stemEnd + replacement.length;
  }

  private replaceIfMeasured(replacement: string): void {
    if (this.measure() > 0) this.setTo(replacement);
  }

  /** Plurals and -ed or -ing: caresses → caress, ponies → poni, agreed → agree, hopping → hop. */
  step1ab(): void {
    if (this.word[this.end] === "s") {
      if (this.endsWith("sses")) this.end -= 2;
      else if (this.endsWith("ies")) this.setTo("i");
      else if (this.word[this.end - 1] !== "s") this.end--;
    }
    if (this.endsWith("eed")) {
      if (this.measure() > 0) this.end--;
    } else if ((this.endsWith("ed") || this.endsWith("ing")) && this.vowelInStem()) {
      this.end = this.stemEnd;
      if (this.endsWith("at")) this.setTo("ate");
      else if (this.endsWith("bl")) this.setTo("ble");
      else if (this.endsWith("iz")) this.setTo("ize");
      else if (this.doubleConsonant(this.end)) {
        this.end--;
        const letter = this.word[this.end];
        if (letter === "l" || letter === "s" || letter === "z") this.end++;
      } else if (this.measureOfWhole() === 1 && this.consonantVowelConsonant(this.end)) this.setToWhole("e");
    }
  }

  private measureOfWhole(): number {
    this.stemEnd = this.end;
    return this.measure();
  }

  private setToWhole(suffix: string): void {
    this.stemEnd = this.end;
    this.setTo(suffix);
  }

  /** A final y becomes i after a vowel in the stem: happy → happi. */
  step1c(): void {
    if (this.endsWith("y") && this.vowelInStem())
      this.word = `${this.word.slice(0, this.end)}i${this.word.slice(this.end + 1)}`;
  }

  /** Double suffixes to single ones: relational → relate, conditional → condition. */
  step2(): void {
    const rules: Record<string, readonly [string, string][]> = {
      a: [
        ["ational", "ate"],
        ["tional", "tion"],
      ],
      c: [
        ["enci", "ence"],
        ["anci", "ance"],
      ],
      e: [["izer", "ize"]],
      l: [
        ["bli", "ble"],
        ["alli", "al"],
        ["entli", "ent"],
        ["eli", "e"],
        ["ousli", "ous"],
      ],
      o: [
        ["ization", "ize"],
        ["ation", "ate"],
        ["ator", "ate"],
      ],
      s: [
        ["alism", "al"],
        ["iveness", "ive"],
        ["fulness", "ful"],
        ["ousness", "ous"],
      ],
      t: [
        ["aliti", "al"],
        ["iviti", "ive"],
        ["biliti", "ble"],
      ],
      g: [["logi", "log"]],
    };
    this.applyFirst(rules[this.word[this.end - 1] ?? ""] ?? []);
  }

  /** -ic-, -full, -ness: triplicate → triplic, hopeful → hope, goodness → good. */
  step3(): void {
    const rules: Record<string, readonly [string, string][]> = {
      e: [
        ["icate", "ic"],
        ["ative", ""],
        ["alize", "al"],
      ],
      i: [["iciti", "ic"]],
      l: [
        ["ical", "ic"],
        ["ful", ""],
      ],
      s: [["ness", ""]],
    };
    this.applyFirst(rules[this.word[this.end] ?? ""] ?? []);
  }

  private applyFirst(rules: readonly [string, string][]): void {
    for (const [suffix, replacement] of rules) {
      if (this.endsWith(suffix)) {
        this.replaceIfMeasured(replacement);
        return;
      }
    }
  }

  /** -ant, -ence and the like, where the stem has m > 1: revival → reviv, adjustment → adjust. */
  step4(): void {
    const suffixes: Record<string, readonly string[]> = {
      a: ["al"],
      c: ["ance", "ence"],
      e: ["er"],
      i: ["ic"],
      l: ["able", "ible"],
      n: ["ant", "ement", "ment", "ent"],
      o: ["ion", "ou"],
      s: ["ism"],
      t: ["ate", "iti"],
      u: ["ous"],
      v: ["ive"],
      z: ["ize"],
    };
    for (const suffix of suffixes[this.word[this.end - 1] ?? ""] ?? []) {
      if (!this.endsWith(suffix)) continue;
      if (suffix === "ion") {
        const before = this.word[this.stemEnd];
        if (this.stemEnd < 0 || (before !== "s" && before !== "t")) return;
      }
      if (this.measure() > 1) this.end = this.stemEnd;
      return;
    }
  }

  /** A final -e where m > 1 (or m = 1 and not *o), and -ll to -l where m > 1: probate → probat, controll → control. */
  step5(): void {
    this.stemEnd = this.end;
    if (this.word[this.end] === "e") {
      this.stemEnd = this.end - 1;
      const measure = this.measure();
      if (measure > 1 || (measure === 1 && !this.consonantVowelConsonant(this.end - 1))) this.end--;
    }
    this.stemEnd = this.end;
    if (this.word[this.end] === "l" && this.doubleConsonant(this.end) && this.measure() > 1) this.end--;
  }
}
