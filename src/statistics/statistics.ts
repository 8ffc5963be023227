import { SeededRandom } from "../util/seeded-random.ts";

/** An estimate with its 95% interval. */
export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** A difference between two variants (treatment minus control), its 95% interval and two-sided p-value. */
export interface Comparison extends Interval {
  readonly pValue: number;
  readonly test: "two-proportion z-test" | "bootstrap";
}

const z95 = 1.959964;

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26 for erf; error below 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A proportion with its Wilson score interval (good for small counts and for 0 or 1). */
export function proportion(successes: number, trials: number): Interval {
  if (trials === 0) return { estimate: 0, low: 0, high: 1 };
  const p = successes / trials;
  const denominator = 1 + (z95 * z95) / trials;
  const centre = (p + (z95 * z95) / (2 * trials)) / denominator;
  const half = (z95 * Math.sqrt((p * (1 - p)) / trials + (z95 * z95) / (4 * trials * trials))) / denominator;
  return clipInterval({ estimate: p, low: centre - half, high: centre + half }, [0, 1]);
}

/**
 * An interval cut to the range its metric can take: a normal-approximation interval near an end of the range runs
 * past it (a mean score on 0 to 1 with a high of 1.0075). The caller, which knows the metric, gives the range;
 * nothing else changes.
 */
export function clipInterval<T extends Interval>(interval: T, range: readonly [minimum: number, maximum: number]): T {
  const [minimum, maximum] = range;
  const clip = (value: number): number => Math.min(maximum, Math.max(minimum, value));
  return { ...interval, low: clip(interval.low), high: clip(interval.high) };
}

/** A mean with its normal-approximation interval (sample standard deviation); see `clipInterval` for a bounded metric. */
export function mean(values: readonly number[]): Interval {
  if (values.length === 0) return { estimate: 0, low: 0, high: 0 };
  const average = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance =
    values.length < 2 ? 0 : values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1);
  const half = z95 * Math.sqrt(variance / values.length);
  return { estimate: average, low: average - half, high: average + half };
}

/**
 * Difference of two proportions (b - a): pooled two-proportion z-test for the p-value, unpooled (Wald) standard error
 * for the interval, clipped to -1 to 1 (the range of a difference of proportions).
 */
export function compareProportions(
  a: { successes: number; trials: number },
  b: { successes: number; trials: number },
): Comparison {
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const pooledError = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const z = pooledError === 0 ? 0 : (pb - pa) / pooledError;
  const error = Math.sqrt((pa * (1 - pa)) / a.trials + (pb * (1 - pb)) / b.trials);
  return clipInterval(
    {
      estimate: pb - pa,
      low: pb - pa - z95 * error,
      high: pb - pa + z95 * error,
      pValue: pooledError === 0 ? 1 : 2 * (1 - normalCdf(Math.abs(z))),
      test: "two-proportion z-test",
    },
    [-1, 1],
  );
}

/**
 * Difference of two means (b - a) by bootstrap: both samples resampled with replacement (seeded, so the figure is
 * repeatable); the interval is the 2.5th and 97.5th percentiles, the p-value twice the share of resampled differences
 * on the far side of zero.
 */
export function compareMeans(a: readonly number[], b: readonly number[], resamples = 4000, seed = 1): Comparison {
  const random = new SeededRandom(seed);
  const resampledMean = (values: readonly number[]): number => {
    let sum = 0;
    for (let index = 0; index < values.length; index++)
      sum += values[Math.floor(random.next() * values.length)] as number;
    return sum / values.length;
  };
  const observed = mean(b).estimate - mean(a).estimate;
  const differences = Array.from({ length: resamples }, () => resampledMean(b) - resampledMean(a)).sort(
    (left, right) => left - right,
  );
  const below = differences.filter((difference) => difference <= 0).length / resamples;
  const above = differences.filter((difference) => difference >= 0).length / resamples;
  return {
    estimate: observed,
    low: differences[Math.floor(0.025 * resamples)] as number,
    high: differences[Math.min(resamples - 1, Math.ceil(0.975 * resamples) - 1)] as number,
    pValue: Math.min(1, 2 * Math.min(below, above)),
    test: "bootstrap",
  };
}

/** McNemar's test on paired right/wrong outcomes (with continuity correction): only the discordant pairs count. */
export function mcnemar(
  a: readonly boolean[],
  b: readonly boolean[],
): { onlyA: number; onlyB: number; pValue: number } {
  let onlyA = 0;
  let onlyB = 0;
  a.forEach((right, index) => {
    if (right && !b[index]) onlyA++;
    if (!right && b[index]) onlyB++;
  });
  if (onlyA + onlyB === 0) return { onlyA, onlyB, pValue: 1 };
  const chiSquare = (Math.abs(onlyA - onlyB) - 1) ** 2 / (onlyA + onlyB);
  return { onlyA, onlyB, pValue: Math.min(1, 2 * (1 - normalCdf(Math.sqrt(Math.max(chiSquare, 0))))) };
}

/** The mean paired difference (b - a) over the same items, with a seeded bootstrap interval over the items. */
export function pairedDifference(a: readonly number[], b: readonly number[], resamples = 4000, seed = 1): Interval {
  const differences = a.map((value, index) => (b[index] ?? 0) - value);
  const random = new SeededRandom(seed);
  const means = Array.from({ length: resamples }, () => {
    let sum = 0;
    for (let index = 0; index < differences.length; index++)
      sum += differences[Math.floor(random.next() * differences.length)] as number;
    return sum / Math.max(differences.length, 1);
  }).sort((left, right) => left - right);
  return {
    estimate: mean(differences).estimate,
    low: means[Math.floor(0.025 * resamples)] as number,
    high: means[Math.min(resamples - 1, Math.ceil(0.975 * resamples) - 1)] as number,
  };
}
