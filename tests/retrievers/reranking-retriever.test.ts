import { describe, expect, it } from "vitest";
import type { Passage } from "../../retrievers/passage.ts";
import { RerankingRetriever } from "../../retrievers/reranking-retriever.ts";
import { CountingRerankerDouble } from "../support/counting-reranker.ts";
import { ListedRetrieverDouble } from "../support/listed-retriever.ts";

/** The first stage's ranking: passage 0 first, with falling BM25-like scores. */
const firstStage: Passage[] = Array.from({ length: 300 }, (_, rank) => ({
  chunkId: `doc-${rank}#0`,
  documentId: `doc-${rank}`,
  title: `Document ${rank}`,
  text: `passage ${rank}`,
  uri: `doc-${rank}.txt`,
  start: 0,
  end: 10,
  score: 30 - rank / 10,
  retriever: "full-text",
  reranked: false,
  metadata: {},
}));

/** The cross-encoder's view: the lower the first-stage rank, the more relevant (it reverses the order it reads). */
const reversing = () =>
  new CountingRerankerDouble(new Map(firstStage.map((passage, rank) => [passage.text, rank / 300])));

const texts = (passages: readonly Passage[]): string[] => passages.map((passage) => passage.text);

describe("RerankingRetriever", () => {
  it("reranks exactly its candidates when asked for more passages, then gives the rest in first-stage order", async () => {
    const inner = new ListedRetrieverDouble(firstStage);
    const reranker = reversing();
    const passages = await new RerankingRetriever(inner, reranker, 50).retrieve({ query: "q", k: 300 });

    expect(reranker.pairs).toBe(50);
    expect(reranker.calls).toEqual([texts(firstStage.slice(0, 50))]);
    expect(inner.asked).toEqual([300]);
    expect(passages).toHaveLength(300);
    expect(texts(passages.slice(0, 50))).toEqual(texts(firstStage.slice(0, 50)).reverse());
    expect(passages.slice(0, 50).every((passage) => passage.reranked)).toBe(true);
    expect(texts(passages.slice(50))).toEqual(texts(firstStage.slice(50)));
    expect(passages.slice(50).every((passage) => !passage.reranked)).toBe(true);
  });

  it("keeps scores falling down the whole list: the passages after the reranked ones score below them all", async () => {
    const passages = await new RerankingRetriever(new ListedRetrieverDouble(firstStage), reversing(), 50).retrieve({
      query: "q",
      k: 60,
    });
    const scores = passages.map((passage) => passage.score);
    expect([...scores].sort((left, right) => right - left)).toEqual(scores);
    expect(Math.min(...scores.slice(0, 50))).toBeGreaterThanOrEqual(0);
    expect(scores.slice(50)).toEqual([-1, -2, -3, -4, -5, -6, -7, -8, -9, -10]);
  });

  it("reads all its candidates when asked for fewer passages, and keeps the k it scores highest", async () => {
    const inner = new ListedRetrieverDouble(firstStage);
    const reranker = reversing();
    const passages = await new RerankingRetriever(inner, reranker, 20).retrieve({ query: "q", k: 5 });

    expect(inner.asked).toEqual([20]);
    expect(reranker.pairs).toBe(20);
    expect(texts(passages)).toEqual(["passage 19", "passage 18", "passage 17", "passage 16", "passage 15"]);
  });

  it("reranks what there is when the first stage finds fewer passages than its candidates", async () => {
    const reranker = reversing();
    const passages = await new RerankingRetriever(
      new ListedRetrieverDouble(firstStage.slice(0, 3)),
      reranker,
      50,
    ).retrieve({
      query: "q",
      k: 10,
    });
    expect(reranker.pairs).toBe(3);
    expect(texts(passages)).toEqual(["passage 2", "passage 1", "passage 0"]);
  });

  it("calls no reranker when the first stage finds nothing", async () => {
    const reranker = reversing();
    const passages = await new RerankingRetriever(new ListedRetrieverDouble([]), reranker, 50).retrieve({
      query: "q",
      k: 10,
    });
    expect(passages).toEqual([]);
    expect(reranker.calls).toEqual([]);
  });
});
