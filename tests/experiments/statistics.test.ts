import { describe, expect, it } from "vitest";
import {
  clipInterval,
  compareMeans,
  compareProportions,
  mcnemar,
  mean,
  normalCdf,
  pairedDifference,
  proportion,
} from "../../src/statistics/statistics.ts";

describe("statistics, against values computed by hand", () => {
  it("the normal distribution function", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });

  it("two proportions: 40/100 against 55/100", () => {
    // pooled p 0.475, SE sqrt(0.475 x 0.525 x 2/100) = 0.070622, z = 0.15 / 0.070622 = 2.1240, p = 0.03367;
    // Wald SE sqrt(0.4 x 0.6/100 + 0.55 x 0.45/100) = 0.069821, interval 0.15 +- 1.96 x 0.069821.
    const comparison = compareProportions({ successes: 40, trials: 100 }, { successes: 55, trials: 100 });
    expect(comparison.estimate).toBeCloseTo(0.15, 10);
    expect(comparison.pValue).toBeCloseTo(0.03367, 4);
    expect(comparison.low).toBeCloseTo(0.15 - 1.959964 * 0.069821, 4);
    expect(comparison.high).toBeCloseTo(0.15 + 1.959964 * 0.069821, 4);
  });

  it("a proportion's Wilson interval: 8 of 10", () => {
    // centre (0.8 + 3.8415/20) / (1 + 3.8415/10) = 0.71707; half 1.96 x sqrt(0.016 + 0.0096037) / 1.38415 = 0.22658
    const interval = proportion(8, 10);
    expect(interval.estimate).toBe(0.8);
    expect(interval.low).toBeCloseTo(0.4902, 3);
    expect(interval.high).toBeCloseTo(0.9433, 3);
  });

  it("a mean's interval: 1, 2, 3, 4, 5", () => {
    // mean 3, sample SD sqrt(2.5) = 1.5811, SE 0.70711, half 1.38590
    const interval = mean([1, 2, 3, 4, 5]);
    expect(interval.estimate).toBe(3);
    expect(interval.high - interval.estimate).toBeCloseTo(1.3859, 3);
  });

  it("an interval clipped to its metric's range: past 1 to 1, below 0 to 0, the estimate and other fields kept", () => {
    // 39 scores of 1 and one of 0: mean 0.975, SD 0.15811, half 1.96 x 0.15811 / sqrt(40) = 0.0490, high 1.0240
    const high = mean([...Array(39).fill(1), 0]);
    expect(high.high).toBeGreaterThan(1);
    expect(clipInterval(high, [0, 1])).toEqual({ estimate: 0.975, low: high.low, high: 1 });
    const low = mean([...Array(39).fill(0), 1]);
    expect(low.low).toBeLessThan(0);
    expect(clipInterval(low, [0, 1])).toEqual({ estimate: 0.025, low: 0, high: low.high });
    const inside = mean([0.2, 0.4, 0.6]);
    expect(clipInterval(inside, [0, 1])).toEqual(inside);
  });

  it("two proportions far apart: the Wald interval stays within -1 to 1", () => {
    // 1/20 against 20/20: 0.95 +- 1.96 x sqrt(0.05 x 0.95 / 20) = 0.95 +- 0.0955 would reach 1.0455
    const better = compareProportions({ successes: 1, trials: 20 }, { successes: 20, trials: 20 });
    expect(better.estimate).toBeCloseTo(0.95, 10);
    expect(better.low).toBeCloseTo(0.95 - 1.959964 * Math.sqrt((0.05 * 0.95) / 20), 6);
    expect(better.high).toBe(1);
    expect(better.test).toBe("two-proportion z-test");
    const worse = compareProportions({ successes: 20, trials: 20 }, { successes: 1, trials: 20 });
    expect(worse.low).toBe(-1);
  });

  it("two means by bootstrap: a clear difference is significant, none is not", () => {
    const a = Array.from({ length: 40 }, (_, index) => (index % 4) / 4);
    const b = a.map((value) => value + 0.3);
    const clear = compareMeans(a, b);
    expect(clear.estimate).toBeCloseTo(0.3, 10);
    expect(clear.low).toBeGreaterThan(0.1);
    expect(clear.pValue).toBeLessThan(0.01);
    const none = compareMeans(a, [...a].reverse());
    expect(none.estimate).toBeCloseTo(0, 10);
    expect(none.pValue).toBeGreaterThan(0.5);
    expect(compareMeans(a, b)).toEqual(clear);
  });

  it("McNemar's test counts only the discordant pairs", () => {
    // 10 pairs right only under b, 2 right only under a: chi-square (|2 - 10| - 1)^2 / 12 = 4.0833, p = 0.0433
    const a = [...Array(2).fill(true), ...Array(10).fill(false), ...Array(20).fill(true)];
    const b = [...Array(2).fill(false), ...Array(10).fill(true), ...Array(20).fill(true)];
    const result = mcnemar(a, b);
    expect(result).toMatchObject({ onlyA: 2, onlyB: 10 });
    expect(result.pValue).toBeCloseTo(0.0433, 3);
    expect(mcnemar([true, false], [true, false]).pValue).toBe(1);
  });

  it("a paired difference with its bootstrap interval", () => {
    const a = [0, 0, 1, 1, 0, 1, 0, 1, 0, 0];
    const b = [1, 0, 1, 1, 1, 1, 0, 1, 1, 0];
    const difference = pairedDifference(a, b);
    expect(difference.estimate).toBeCloseTo(0.3, 10);
    expect(difference.low).toBeGreaterThanOrEqual(0);
    expect(difference.high).toBeLessThanOrEqual(0.7);
  });
});
