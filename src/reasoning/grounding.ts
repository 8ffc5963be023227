/** How well the passages in hand support a claim: the best sentence's share of the claim's content words. */
export interface Support {
  /** In [0, 1]: 1 when one sentence contains every content word of the claim. */
  readonly score: number;
  /** The passage's number, from 1. */
  readonly passageNumber: number;
  /** Character offsets of the supporting sentence inside that passage's text. */
  readonly start: number;
  readonly end: number;
}

const stopWords = new Set(
  "a an the and or of in on at to for by with from is was were are be been as it its this that he she they his her their who what which where when how did does do in year".split(
    " ",
  ),
);

/** Sentence boundaries as Unicode defines them ("3.5" and "St. Louis" do not end a sentence). */
const sentences = new Intl.Segmenter("en", { granularity: "sentence" });

/** The words of a text (runs of letters and digits), in order, case kept. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Lower-cased words that carry content (no stop words), as a set. */
export function contentWords(text: string): Set<string> {
  return new Set(wordsOf(text.toLowerCase()).filter((word) => !stopWords.has(word)));
}

/** The sentence of any passage that covers most of the claim's content words; undefined without passages or words. */
export function support(claim: string, passages: readonly string[]): Support | undefined {
  const wanted = contentWords(claim);
  if (wanted.size === 0) return undefined;
  let best: Support | undefined;
  passages.forEach((passage, index) => {
    for (const { segment, index: at } of sentences.segment(passage)) {
      const words = contentWords(segment);
      let covered = 0;
      for (const word of wanted) if (words.has(word)) covered++;
      const score = covered / wanted.size;
      if (!best || score > best.score) {
        const leading = segment.length - segment.trimStart().length;
        best = { score, passageNumber: index + 1, start: at + leading, end: at + segment.trimEnd().length };
      }
    }
  });
  return best;
}

/** Whether one sentence of the passages states every content word of the claim: the claim was read, not recalled. */
export function statesClaim(claim: string, passages: readonly string[]): boolean {
  return (support(claim, passages)?.score ?? 0) >= 1;
}
