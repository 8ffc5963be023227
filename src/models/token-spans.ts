import type { TokenLogprob } from "./language-model.ts";

/** Where a token lies in the text it was generated as: characters [start, end). */
export interface TokenSpan {
  readonly start: number;
  readonly end: number;
}

/** How far ahead a token's text is looked for before it is taken for one that spells nothing of the text. */
const resynchroniseWithin = 8;

/**
 * The span of each token in `text`, without assuming that the tokens' strings concatenate to it: a token found where
 * the previous one ended (or a few characters on) takes its characters; one that is not (empty, a byte of a
 * character spelled by the next, a spelling of its own) takes an empty span there, and the next token found puts the
 * cursor back in step.
 */
export function tokenSpans(tokens: readonly TokenLogprob[], text: string): TokenSpan[] {
  let cursor = 0;
  return tokens.map(({ token }) => {
    const found = token === "" ? -1 : text.indexOf(token, cursor);
    if (found === -1 || found - cursor > resynchroniseWithin) return { start: cursor, end: cursor };
    const span = { start: cursor, end: found + token.length };
    cursor = span.end;
    return span;
  });
}
