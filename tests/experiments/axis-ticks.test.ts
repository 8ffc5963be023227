import { describe, expect, it } from "vitest";
import { rangeTicks, roundTicks, tickText } from "../../src/experiments/report/axis-ticks.ts";

describe("axis ticks", () => {
  it("split a metric's range in quarters, ends included", () => {
    expect(rangeTicks([0, 1])).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(rangeTicks([-1, 1])).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it("run from 0 past the largest value in round steps of 1, 2 or 5 times a power of ten", () => {
    expect(roundTicks(6830)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(roundTicks(723)).toEqual([0, 200, 400, 600, 800]);
    expect(roundTicks(1000)).toEqual([0, 500, 1000]);
    expect(roundTicks(1)).toEqual([0, 0.5, 1]);
  });

  it("are labelled without trailing zeros", () => {
    expect([0, 0.25, 0.5, 1, 1500, 0.1 + 0.2].map(tickText)).toEqual(["0", "0.25", "0.5", "1", "1500", "0.3"]);
  });
});
