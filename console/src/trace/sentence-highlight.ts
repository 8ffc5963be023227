/** A passage's text cut around its supporting sentence: `marked` is what to highlight. */
export interface HighlightedText {
  readonly before: string;
  readonly marked: string;
  readonly after: string;
}

/**
 * Places a citation's sentence, given by its offsets in the document, inside its chunk's text, given the chunk's own
 * offset in the document. Where the chunk's offset is unknown or the sentence does not lie inside the chunk, the
 * whole chunk is marked.
 */
export function highlightSentence(
  text: string,
  chunkStart: number | undefined,
  sentence: { readonly start: number; readonly end: number },
): HighlightedText {
  const whole = { before: "", marked: text, after: "" };
  if (chunkStart === undefined) return whole;
  const start = sentence.start - chunkStart;
  const end = sentence.end - chunkStart;
  if (start < 0 || end > text.length || start >= end) return whole;
  return { before: text.slice(0, start), marked: text.slice(start, end), after: text.slice(end) };
}
