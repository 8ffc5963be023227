import { describe, expect, it } from "vitest";
import { spanMeanLogprob } from "../../src/models/span-logprob.ts";
import { chooseToken, logSoftmax, topEntries } from "../../src/models/transformers/token-distribution.ts";
import { SeededRandom } from "../../src/util/seeded-random.ts";

const logprobs = logSoftmax(Float32Array.from([2, 1, 0, -1]));

describe("token distribution", () => {
  it("log-softmax sums to probability one", () => {
    expect(Array.from(logprobs).reduce((sum, value) => sum + Math.exp(value), 0)).toBeCloseTo(1, 6);
  });

  it("lists the top entries best first", () => {
    expect(topEntries(Float32Array.from([0.1, 0.7, 0.2]), 2)).toEqual([
      [1, expect.closeTo(0.7, 6)],
      [2, expect.closeTo(0.2, 6)],
    ]);
    expect(topEntries(Float32Array.from([1, 2]), 0)).toEqual([]);
  });

  it("is greedy at temperature 0", () => {
    expect(chooseToken(logprobs, 0, 1, new SeededRandom(1))).toBe(0);
  });

  it("samples in proportion to probability, and only inside the top-p nucleus", () => {
    const random = new SeededRandom(42);
    const counts = new Map<number, number>();
    for (let draw = 0; draw < 20_000; draw++) {
      const token = chooseToken(logprobs, 1, 1, random);
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    Array.from(logprobs).forEach((logprob, index) => {
      expect((counts.get(index) ?? 0) / 20_000).toBeCloseTo(Math.exp(logprob), 1);
    });
    const nucleus = new Set<number>();
    // p(0) = 0.64, p(1) = 0.24: a nucleus of 0.8 keeps exactly those two.
    for (let draw = 0; draw < 2_000; draw++) nucleus.add(chooseToken(logprobs, 1, 0.8, random));
    expect([...nucleus].sort()).toEqual([0, 1]);
  });

  it("repeats its draws for the same seed", () => {
    const draws = (seed: number): number[] => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 50 }, () => chooseToken(logprobs, 1, 1, random));
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
  });
});

describe("spanMeanLogprob", () => {
  const tokens = [
    { token: "Step", logprob: -0.1, topLogprobs: [] },
    { token: " Se", logprob: -2, topLogprobs: [] },
    { token: "ske", logprob: -1, topLogprobs: [] },
    { token: ".", logprob: -0.5, topLogprobs: [] },
  ];

  it("averages the tokens that cover the span", () => {
    // "Step Seske." : "Seske" is characters 5..10, covered by " Se" and "ske".
    expect(spanMeanLogprob(tokens, "Step Seske.", 5, 10)).toBeCloseTo(-1.5, 6);
  });

  it("is undefined when no token covers the span", () => {
    expect(spanMeanLogprob(tokens, "Step Seske.", 40, 45)).toBeUndefined();
  });

  it("finds the tokens in the text even where their strings do not spell it", () => {
    // A tokenizer that reports a byte token as "" and a word's start without its space still covers "Seske".
    const apart = [
      { token: "Step", logprob: -0.1, topLogprobs: [] },
      { token: "", logprob: -3, topLogprobs: [] },
      { token: "Se", logprob: -2, topLogprobs: [] },
      { token: "ske", logprob: -1, topLogprobs: [] },
      { token: ".", logprob: -0.5, topLogprobs: [] },
    ];
    expect(spanMeanLogprob(apart, "Step Seske.", 5, 10)).toBeCloseTo(-1.5, 6);
    expect(spanMeanLogprob(apart, "Step Seske.", 10, 11)).toBeCloseTo(-0.5, 6);
  });
});
