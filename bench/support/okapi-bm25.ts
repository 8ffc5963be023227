import { porterStem } from "./porter-stemmer.ts";

/** How a text becomes the terms BM25 counts. */
export type Analyzer = (text: string) => string[];

/** Lower-cased runs of letters and digits: no stemming, no stop words. */
export const plainWords: Analyzer = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Lucene's English stop words (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET). */
const luceneStopWords = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(
    " ",
  ),
);

/**
 * Lucene's English analysis as Anserini runs it for its published BM25 baselines, near enough: possessive 's
 * dropped, lower case, Lucene's stop words left out, Porter stems.
 */
export const luceneEnglish: Analyzer = (text) =>
  plainWords(text.replace(/['’]s\b/gu, ""))
    .filter((word) => !luceneStopWords.has(word))
    .map(porterStem);

export interface Bm25Parameters {
  /** Term-frequency saturation. */
  readonly k1: number;
  /** Length normalisation: 0 none, 1 full. */
  readonly b: number;
}

/**
 * Okapi BM25 over a fixed list of texts, held in memory: idf is Lucene's ln(1 + (N - df + 0.5) / (df + 0.5)), never
 * negative, and a query term counts as often as the query repeats it.
 */
export class OkapiBm25 {
  private readonly postings = new Map<string, { index: number; frequency: number }[]>();
  private readonly lengths: number[] = [];
  private readonly averageLength: number;

  constructor(
    texts: readonly string[],
    private readonly analyzer: Analyzer,
    private readonly parameters: Bm25Parameters,
  ) {
    texts.forEach((text, index) => {
      const terms = analyzer(text);
      this.lengths.push(terms.length);
      const frequencies = new Map<string, number>();
      for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
      for (const [term, frequency] of frequencies) {
        const list = this.postings.get(term) ?? [];
        list.push({ index, frequency });
        this.postings.set(term, list);
      }
    });
    this.averageLength = this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, this.lengths.length);
  }

  /** The k texts that score highest for the query (only texts holding one of its terms), best first. */
  search(query: string, k: number): { index: number; score: number }[] {
    const { k1, b } = this.parameters;
    const scores = new Map<number, number>();
    for (const term of this.analyzer(query)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (this.lengths.length - list.length + 0.5) / (list.length + 0.5));
      for (const { index, frequency } of list) {
        const norm = k1 * (1 - b + (b * (this.lengths[index] ?? 0)) / this.averageLength);
        scores.set(index, (scores.get(index) ?? 0) + (idf * frequency * (k1 + 1)) / (frequency + norm));
      }
    }
    return [...scores]
      .map(([index, score]) => ({ index, score }))
      .sort((left, right) => right.score - left.score || left.index - right.index)
      .slice(0, k);
  }
}
