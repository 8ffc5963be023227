import { support } from "./grounding.ts";
import type { PassagePool } from "./passage-pool.ts";
import type { Citation } from "./trace-events.ts";

/** Least share of a claim's content words that one passage sentence must state for the passage to be cited. */
const citedSupport = 0.6;

/**
 * The passages that state the accepted steps or the answer, each with the character offsets (in its document) of
 * the sentence that does, in order of first use; only passages numbered `firstNumber` or later (those the model read).
 */
export function citeClaims(claims: readonly string[], pool: PassagePool, firstNumber = 1): Citation[] {
  const texts = pool.texts().slice(firstNumber - 1);
  const citations: Citation[] = [];
  for (const claim of claims) {
    const found = support(claim, texts);
    if (!found || found.score < citedSupport) continue;
    const number = found.passageNumber + firstNumber - 1;
    const passage = pool.at(number);
    if (!passage || citations.some((citation) => citation.chunkId === passage.chunkId)) continue;
    citations.push({
      number,
      chunkId: passage.chunkId,
      documentId: passage.documentId,
      title: passage.title,
      text: passage.text,
      uri: passage.uri,
      start: passage.start + found.start,
      end: passage.start + found.end,
    });
  }
  return citations;
}
