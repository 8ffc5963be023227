/** A sentence of a text and where it starts in that text. */
export interface Sentence {
  readonly text: string;
  readonly start: number;
}

/** Abbreviations whose full stop does not end a sentence ("Dr. Maide Thoutre", "Pirkro Co. is based…"). */
const abbreviation = /\b(?:Mr|Mrs|Ms|Dr|Prof|St|Mt|Inc|Ltd|Co|Corp|Jr|Sr|vs|etc)$/i;
const boundary = /[.!?]+["')\]]*\s+|\n+/g;

/** Splits a text at sentence ends (., ! or ? followed by space) and line breaks, keeping abbreviations whole. */
export function sentences(text: string): Sentence[] {
  const found: Sentence[] = [];
  let start = 0;
  for (const end of text.matchAll(boundary)) {
    if (end[0].startsWith(".") && abbreviation.test(text.slice(start, end.index))) continue;
    const next = end.index + end[0].length;
    found.push({ text: text.slice(start, next).trimEnd(), start });
    start = next;
  }
  if (start < text.length) found.push({ text: text.slice(start), start });
  return found.filter((sentence) => sentence.text.trim() !== "");
}
