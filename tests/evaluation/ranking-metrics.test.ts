import { describe, expect, it } from "vitest";
import { distinctDocuments, mrrAt, ndcgAt, recallAt } from "../../src/evaluation/ranking-metrics.ts";

const relevance = new Map([
  ["a", 1],
  ["b", 1],
]);

describe("ranking metrics", () => {
  it("nDCG is 1 for the ideal order and matches a hand computation otherwise", () => {
    expect(ndcgAt(["a", "b", "c"], relevance, 10)).toBeCloseTo(1, 10);
    // relevant at ranks 2 and 3: (1/log2(3) + 1/log2(4)) / (1 + 1/log2(3))
    const expected = (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3));
    expect(ndcgAt(["c", "a", "b"], relevance, 10)).toBeCloseTo(expected, 10);
    expect(ndcgAt(["c", "d"], relevance, 10)).toBe(0);
  });

  it("recall counts the relevant documents found within k", () => {
    expect(recallAt(["a", "c", "b"], relevance, 2)).toBe(0.5);
    expect(recallAt(["a", "c", "b"], relevance, 3)).toBe(1);
  });

  it("MRR is the reciprocal rank of the first relevant document", () => {
    expect(mrrAt(["c", "d", "b"], relevance, 10)).toBeCloseTo(1 / 3, 10);
    expect(mrrAt(["c", "d", "b"], relevance, 2)).toBe(0);
  });

  it("keeps each document once, at its best passage", () => {
    expect(distinctDocuments(["a", "b", "a", "c", "b"])).toEqual(["a", "b", "c"]);
  });
});
