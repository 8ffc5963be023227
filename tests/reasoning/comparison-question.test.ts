import { describe, expect, it } from "vitest";
import { comparisonConfidence } from "../../src/reasoning/comparison-confidence.ts";
import { compareAnswers, comparisonQuestion, yearOf } from "../../src/reasoning/comparison-question.ts";

describe("a comparison question, answered in parts", () => {
  it("asks each option's year in a part of its own", () => {
    expect(comparisonQuestion("Who was born first, Treisnos Bemtond or Drimfe Gothbrer?")).toEqual({
      options: ["Treisnos Bemtond", "Drimfe Gothbrer"],
      parts: ["In which year was Treisnos Bemtond born?", "In which year was Drimfe Gothbrer born?"],
      wants: "earlier",
    });
    expect(comparisonQuestion("Which town was founded later, Sikre or Vournis?")).toMatchObject({
      parts: ["In which year was Sikre founded?", "In which year was Vournis founded?"],
      wants: "later",
    });
    expect(comparisonQuestion("Who is older, Ada Byron or Alan Turing?")).toMatchObject({
      parts: ["In which year was Ada Byron born?", "In which year was Alan Turing born?"],
      wants: "earlier",
    });
  });

  it("leaves every other question as it is", () => {
    expect(comparisonQuestion("Where was Treisnos Bemtond born?")).toBeUndefined();
    expect(comparisonQuestion("Is tea or coffee better?")).toBeUndefined();
    expect(comparisonQuestion("Who was born first, Ada or Ada?")).toBeUndefined();
  });

  it("answers with the option whose year is wanted, and with nothing when a year is missing or they tie", () => {
    const earlier = comparisonQuestion("Who was born first, A Person or B Person?");
    if (!earlier) throw new Error("not read as a comparison");
    expect(compareAnswers(earlier, ["1965", "in the year 1942"])).toBe("B Person");
    expect(compareAnswers({ ...earlier, wants: "later" }, ["1965", "1942"])).toBe("A Person");
    expect(compareAnswers(earlier, ["1965", "Sikre"])).toBeUndefined();
    expect(compareAnswers(earlier, ["1965", "1965"])).toBeUndefined();
    expect(yearOf("founded in 1543.")).toBe(1543);
  });

  it("is as sure as both parts being right, plus a coin's chance when one is not", () => {
    expect(comparisonConfidence([1, 1])).toBe(1);
    expect(comparisonConfidence([0, 0.9])).toBe(0.5);
    expect(comparisonConfidence([0.8, 0.5])).toBeCloseTo(0.7);
  });
});
