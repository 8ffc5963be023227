import type { Generation, TokenLogprob } from "../language-model.ts";

/**
 * How many leading characters of a chat model's reply restate the begun reply it was asked to continue: the whole
 * begun reply, else its last line (a chat model asked to continue "…\nStep:" tends to answer "Step: …"); 0 when it
 * restates neither.
 */
export function restatedLength(text: string, begun: string): number {
  const lastLine = begun.slice(begun.lastIndexOf("\n") + 1);
  for (const repeat of [begun, begun.trimEnd(), lastLine])
    if (repeat.trim() !== "" && text.startsWith(repeat)) return repeat.length;
  return 0;
}

/** The generation without its first `length` characters; a token that straddles the cut keeps its remainder. */
export function dropLeading(generation: Generation, length: number): Generation {
  if (length <= 0) return generation;
  const tokens: TokenLogprob[] = [];
  let offset = 0;
  for (const token of generation.tokens) {
    const end = offset + token.token.length;
    if (end > length) tokens.push(offset >= length ? token : { ...token, token: token.token.slice(length - offset) });
    offset = end;
  }
  return { ...generation, text: generation.text.slice(length), tokens };
}

/**
 * The generation up to the first of `stops` (the stop string itself left out, as a server leaves it out), finished
 * by "stop" when one was found; tokens from the cut on are dropped, a straddling one cut short.
 */
export function cutAtStop(generation: Generation, stops: readonly string[]): Generation {
  const found = stops.map((stop) => generation.text.indexOf(stop)).filter((index) => index !== -1);
  if (found.length === 0) return generation;
  const cut = Math.min(...found);
  const tokens: TokenLogprob[] = [];
  let offset = 0;
  for (const token of generation.tokens) {
    if (offset >= cut) break;
    const end = offset + token.token.length;
    tokens.push(end <= cut ? token : { ...token, token: token.token.slice(0, cut - offset) });
    offset = end;
  }
  return { text: generation.text.slice(0, cut), tokens, finishReason: "stop" };
}
