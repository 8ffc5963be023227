import { describe, expect, it } from "vitest";
import { auroc } from "../../src/evaluation/auroc.ts";
import { exactMatch } from "../../src/evaluation/exact-match.ts";
import { normalizeAnswer } from "../../src/text/normalize-answer.ts";

describe("auroc", () => {
  it("is 1 when every positive outscores every negative, 0 when the reverse, 0.5 for ties", () => {
    expect(auroc([3, 4], [1, 2])).toBe(1);
    expect(auroc([1, 2], [3, 4])).toBe(0);
    expect(auroc([1, 1], [1, 1])).toBe(0.5);
  });

  it("counts the share of correctly ordered pairs", () => {
    // pairs (positive, negative): (2,1) yes, (2,3) no, (4,1) yes, (4,3) yes -> 3/4
    expect(auroc([2, 4], [1, 3])).toBe(0.75);
    // a tie between a positive and a negative counts half: (2,2) half, (2,1) yes -> 1.5/2
    expect(auroc([2], [2, 1])).toBe(0.75);
  });

  it("is undefined without both classes", () => {
    expect(auroc([], [1])).toBeUndefined();
    expect(auroc([1], [])).toBeUndefined();
  });
});

describe("exact match", () => {
  it("ignores case, punctuation, articles and spacing", () => {
    expect(normalizeAnswer("  The Keindraith  River. ")).toBe("keindraith river");
    expect(exactMatch("an Engineer", ["engineer"])).toBe(true);
    expect(exactMatch("Teithin Foundry!", ["Teithin Foundry"])).toBe(true);
  });

  it("does not accept a partial answer or no answer", () => {
    expect(exactMatch("Teithin", ["Teithin Foundry"])).toBe(false);
    expect(exactMatch(undefined, ["Seske"])).toBe(false);
  });
});
