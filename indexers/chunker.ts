import { mergeFragments, type TextSpan } from "./merge-fragments.ts";

/** A piece of a document, sized in the embedding model's tokens, with its place in the document's text. */
export interface Chunk {
  readonly index: number;
  readonly text: string;
  /** Character offsets in the document's text: text === documentText.slice(start, end). */
  readonly start: number;
  readonly end: number;
  readonly tokens: number;
}

export interface ChunkOptions {
  /**
   * At most this many tokens a chunk (a single word longer than that is cut by characters), but for a fragment of a
   * few words merged into it (see `chunkText`).
   */
  readonly size: number;
  /** About this many tokens of the previous chunk's end are repeated at the start of the next. */
  readonly overlap: number;
  readonly countTokens: (texts: readonly string[]) => Promise<number[]>;
}

interface Segment {
  readonly start: number;
  readonly end: number;
  /** Starts a paragraph: the preferred place to end a chunk. */
  readonly paragraphStart: boolean;
  tokens: number;
}

/**
 * Splits text into chunks of at most `size` tokens, cutting at paragraph ends where it can, else at sentence
 * ends, else between words (a sentence longer than a chunk into runs of about equal length). No chunk is a fragment:
 * one with fewer than `minimumChunkWords` words of its own joins its neighbour (see `mergeFragments`), which may then
 * exceed `size` by those few words. Token counts are summed per sentence, so a chunk may differ from an exact count
 * of its text by a token or two at the joins.
 */
export async function chunkText(text: string, options: ChunkOptions): Promise<Chunk[]> {
  if (options.size < 8) throw new RangeError("chunk size must be at least 8 tokens");
  if (options.overlap < 0 || options.overlap >= options.size)
    throw new RangeError("overlap must be at least 0 and below the chunk size");
  const segments = sentenceSegments(text);
  const counts = await options.countTokens(segments.map((segment) => text.slice(segment.start, segment.end)));
  segments.forEach((segment, index) => {
    segment.tokens = counts[index] ?? 0;
  });
  const pieces = await splitLongSegments(text, segments, options);

  const chunks: Chunk[] = [];
  let current: Segment[] = [];
  let tokens = 0;
  const emit = (): void => {
    const first = current[0];
    const last = current.at(-1);
    if (!first || !last) return;
    chunks.push({
      index: chunks.length,
      text: text.slice(first.start, last.end),
      start: first.start,
      end: last.end,
      tokens,
    });
    const carried: Segment[] = [];
    let carriedTokens = 0;
    for (let index = current.length - 1; index > 0; index--) {
      const segment = current[index] as Segment;
      if (carriedTokens + segment.tokens > options.overlap) break;
      carried.unshift(segment);
      carriedTokens += segment.tokens;
    }
    current = carried;
    tokens = carriedTokens;
  };
  for (const [index, piece] of pieces.entries()) {
    const overflows = tokens + piece.tokens > options.size;
    const paragraphBreakWorthTaking =
      piece.paragraphStart && tokens >= options.size * 0.6 && !fitsParagraph(pieces, index, options.size - tokens);
    if (current.length > 0 && (overflows || paragraphBreakWorthTaking)) {
      emit();
      if (tokens + piece.tokens > options.size) {
        current = [];
        tokens = 0;
      }
    }
    current.push(piece);
    tokens += piece.tokens;
  }
  if (current.length > 0 && (chunks.length === 0 || (current.at(-1) as Segment).end > (chunks.at(-1) as Chunk).end))
    emit();
  return withoutFragments(text, chunks, options);
}

/** The chunks with their fragments merged away; a chunk that took one in has its tokens counted again. */
async function withoutFragments(text: string, chunks: readonly Chunk[], options: ChunkOptions): Promise<Chunk[]> {
  const spans = await mergeFragments(text, chunks, options);
  const key = (span: TextSpan): string => `${span.start}-${span.end}`;
  const tokensOf = new Map(chunks.map((chunk) => [key(chunk), chunk.tokens]));
  const joined = spans.filter((span) => !tokensOf.has(key(span)));
  if (joined.length > 0) {
    const counts = await options.countTokens(joined.map((span) => text.slice(span.start, span.end)));
    joined.forEach((span, index) => {
      tokensOf.set(key(span), counts[index] ?? 0);
    });
  }
  return spans.map((span, index) => ({
    index,
    text: text.slice(span.start, span.end),
    start: span.start,
    end: span.end,
    tokens: tokensOf.get(key(span)) ?? 0,
  }));
}

/** Whether the paragraph that starts at `index` fits in `room` tokens. */
function fitsParagraph(pieces: readonly Segment[], index: number, room: number): boolean {
  let total = 0;
  for (let position = index; position < pieces.length; position++) {
    const piece = pieces[position] as Segment;
    if (position > index && piece.paragraphStart) break;
    total += piece.tokens;
    if (total > room) return false;
  }
  return true;
}

/** Sentences (or lines) with their offsets, trimmed of surrounding space; each knows whether it opens a paragraph. */
function sentenceSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  const paragraph = /\S[\s\S]*?(?=\n[ \t]*\n|$(?![\s\S]))/g;
  for (const block of text.matchAll(paragraph)) {
    const blockStart = block.index ?? 0;
    const sentence = /(?:[^\n.!?]|[.!?](?!\s|$))*(?:[.!?]+(?=\s|$)|\n|$)/g;
    let first = true;
    for (const match of block[0].matchAll(sentence)) {
      const raw = match[0];
      const leading = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed === "") continue;
      const start = blockStart + (match.index ?? 0) + leading;
      segments.push({ start, end: start + trimmed.length, paragraphStart: first, tokens: 0 });
      first = false;
    }
  }
  return segments;
}

/** Cuts segments longer than the chunk size into runs of words (and over-long words into characters). */
async function splitLongSegments(
  text: string,
  segments: readonly Segment[],
  options: ChunkOptions,
): Promise<Segment[]> {
  const result: Segment[] = [];
  for (const segment of segments) {
    if (segment.tokens <= options.size) {
      result.push(segment);
      continue;
    }
    const words = [...text.slice(segment.start, segment.end).matchAll(/\S+/g)].map((match) => ({
      start: segment.start + (match.index ?? 0),
      end: segment.start + (match.index ?? 0) + match[0].length,
    }));
    const counts = await options.countTokens(words.map((word) => text.slice(word.start, word.end)));
    const pieces: Segment[] = [];
    let run: Segment[] = [];
    for (const [index, word] of words.entries()) {
      const count = counts[index] ?? 0;
      if (count <= options.size) {
        run.push({ ...word, paragraphStart: false, tokens: count });
        continue;
      }
      pieces.push(...balancedRuns(run, options.size));
      run = [];
      const share = Math.max(1, Math.floor(((word.end - word.start) * options.size) / count));
      for (let start = word.start; start < word.end; start += share) {
        pieces.push({ start, end: Math.min(word.end, start + share), paragraphStart: false, tokens: options.size });
      }
    }
    pieces.push(...balancedRuns(run, options.size));
    const [first, ...rest] = pieces;
    if (first) result.push({ ...first, paragraphStart: segment.paragraphStart }, ...rest);
  }
  return result;
}

/**
 * Joins consecutive words into as few runs of at most `size` tokens as hold them, each about as long as the others:
 * a long sentence ends in a run of substance, not in a tail of a word or two.
 */
function balancedRuns(words: readonly Segment[], size: number): Segment[] {
  if (words.length === 0) return [];
  const total = words.reduce((sum, word) => sum + word.tokens, 0);
  const target = total / Math.max(1, Math.ceil(total / size));
  const runs: Segment[] = [];
  let run: Segment | undefined;
  let before = 0;
  for (const word of words) {
    const pastTarget = before + word.tokens / 2 > (runs.length + 1) * target;
    if (run && (pastTarget || run.tokens + word.tokens > size)) {
      runs.push(run);
      run = undefined;
    }
    run = run ? { ...run, end: word.end, tokens: run.tokens + word.tokens } : { ...word };
    before += word.tokens;
  }
  if (run) runs.push(run);
  return runs;
}
