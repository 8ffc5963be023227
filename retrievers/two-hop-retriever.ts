import { namedEntities } from "./named-entities.ts";
import type { Passage } from "./passage.ts";
import type { RetrieveOptions, Retriever } from "./retriever.ts";

/** How many rounds of search a retrieval makes: one, or a second with the names its first round's best passage gives. */
export type RetrievalHops = 1 | 2;

/** At most this many second-round searches a retrieval: one per name. */
export const maxBridgeNames = 5;

/** How many passages a second-round search reads for the one its name leads to. */
const bridgeDepth = 10;

/** The constant of reciprocal-rank fusion: 60, as in the original paper and the hybrid retriever. */
const fusionConstant = 60;

/**
 * Multi-hop retrieval without a language model, around another retriever. Round one searches with the query. The
 * names its best passage mentions that the query does not (at most `maxBridgeNames`, in the order of mention) are the
 * bridges. Round two searches once per bridge, with the query and that name, and keeps the passage the name leads to:
 * among the search's first ten and outside the best passage's document, the first titled with the name, else the
 * first. Round one's list and those passages (each the first of a list of its own) are fused by reciprocal-rank
 * fusion with equal weights — a passage scores the sum of 1 / (60 + rank) over the lists it is in, so one that
 * several bridges lead to rises — and round one's best passage stays first. A retrieval makes at most
 * 1 + `maxBridgeNames` searches; the second round keeps the filter and drops `embedText` (it searches with names,
 * not with a drafted answer).
 */
export class TwoHopRetriever implements Retriever {
  constructor(private readonly inner: Retriever) {}

  get mode() {
    return this.inner.mode;
  }

  get embedsAnswers(): boolean {
    return this.inner.embedsAnswers === true;
  }

  async retrieve(options: RetrieveOptions): Promise<Passage[]> {
    const first = await this.inner.retrieve(options);
    const [best] = first;
    if (!best) return [];
    const { embedText: _drafted, ...secondRound } = options;
    const names = bridgeNames(options.query, best);
    const lists = await Promise.all(
      names.map((name) => this.inner.retrieve({ ...secondRound, query: `${options.query} ${name}`, k: bridgeDepth })),
    );
    const bridged = names.flatMap((name, index) => ledTo(name, lists[index] ?? [], best) ?? []);
    return fuse(first, bridged, options.k);
  }
}

/** The passage a second-round search for `name` leads to, outside the best passage's document. */
function ledTo(name: string, found: readonly Passage[], best: Passage): Passage | undefined {
  const elsewhere = found.filter((passage) => passage.documentId !== best.documentId);
  const titled = elsewhere.find((passage) => passage.title.toLowerCase() === name.toLowerCase());
  return titled ?? elsewhere[0];
}

/** The names a passage mentions whose words are not all in the query, in the order of mention: the bridges. */
function bridgeNames(query: string, passage: Passage): string[] {
  const queryWords = new Set(wordsOf(query));
  return namedEntities(passage.text)
    .filter((name) => !wordsOf(name).every((word) => queryWords.has(word)))
    .slice(0, maxBridgeNames);
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Round one's list and the bridged passages (each ranked first) by reciprocal-rank fusion; round one's best first. */
function fuse(first: readonly Passage[], bridged: readonly Passage[], k: number): Passage[] {
  const fused = new Map<string, { passage: Passage; score: number }>();
  const add = (passage: Passage, rank: number): void => {
    const entry = fused.get(passage.chunkId) ?? { passage, score: 0 };
    entry.score += 1 / (fusionConstant + rank + 1);
    fused.set(passage.chunkId, entry);
  };
  first.forEach(add);
  for (const passage of bridged) add(passage, 0);
  const best = first[0] && fused.get(first[0].chunkId);
  if (!best) return [];
  const rest = [...fused.values()].filter((entry) => entry !== best).sort((left, right) => right.score - left.score);
  const kept = { ...best, score: Math.max(best.score, rest[0]?.score ?? 0) };
  return [kept, ...rest].slice(0, k).map(({ passage, score }) => ({ ...passage, score }));
}
