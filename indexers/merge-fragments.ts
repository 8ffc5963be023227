/**
 * The fewest words of its own a chunk holds: a sentence of substance. Fewer is a fragment (a sentence's tail such
 * as "deadline.", a lone heading): it says little of what its document is about, yet a search can rank it first.
 */
export const minimumChunkWords = 6;

/**
 * A fragment is also small beside the chunk size: under this share of its tokens. So merging one grows a chunk by a
 * quarter at most, and chunk sizes too small to hold a sentence of substance are left as asked.
 */
export const fragmentShareOfSize = 0.25;

/** Character offsets of a chunk in its document's text. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

export interface MergeFragmentsOptions {
  /** The chunk size, in tokens. */
  readonly size: number;
  readonly countTokens: (texts: readonly string[]) => Promise<number[]>;
}

/** Runs of letters and digits: "p = 0.006" is two words, "and/or" two. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

/**
 * Folds every fragment into a neighbour. A fragment is a chunk whose own text (what the chunk before does not
 * already hold) has fewer than `minimumChunkWords` words and fewer than `fragmentShareOfSize` of the chunk size in
 * tokens. A fragment joins the chunk before it; a first chunk that is one takes in the chunk after it. A document
 * of one chunk stays one chunk, however short. Spans are given and returned in document order.
 */
export async function mergeFragments(
  text: string,
  spans: readonly TextSpan[],
  options: MergeFragmentsOptions,
): Promise<TextSpan[]> {
  const fragments = await findFragments(text, spans, options);
  const kept: TextSpan[] = [];
  for (const [index, span] of spans.entries()) {
    const previous = kept.at(-1);
    const joinsPrevious = fragments.has(index) || (index === 1 && fragments.has(0));
    if (previous && joinsPrevious)
      kept[kept.length - 1] = { start: previous.start, end: Math.max(previous.end, span.end) };
    else kept.push(span);
  }
  return kept;
}

/** The indexes of the spans that are fragments. */
async function findFragments(
  text: string,
  spans: readonly TextSpan[],
  options: MergeFragmentsOptions,
): Promise<Set<number>> {
  const ownTexts = spans.map((span, index) =>
    text.slice(Math.max(span.start, spans[index - 1]?.end ?? span.start), span.end),
  );
  const short = [...ownTexts.keys()].filter((index) => countWords(ownTexts[index] ?? "") < minimumChunkWords);
  if (spans.length < 2 || short.length === 0) return new Set();
  const tokens = await options.countTokens(short.map((index) => ownTexts[index] ?? ""));
  return new Set(short.filter((_, position) => (tokens[position] ?? 0) < options.size * fragmentShareOfSize));
}
