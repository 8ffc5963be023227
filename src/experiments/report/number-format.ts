import type { Interval } from "../../statistics/statistics.ts";

/** `value` with `digits` decimals, or a dash when it is not a number. */
export function fixed(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}

/** An estimate and its 95% interval as the report writes them: "0.931 [0.902, 0.950]". */
export function intervalText(interval: Interval): string {
  return `${fixed(interval.estimate)} [${fixed(interval.low)}, ${fixed(interval.high)}]`;
}

/** A share as a whole percentage: "35%". */
export function percentText(part: number, whole: number): string {
  return `${whole === 0 ? 0 : Math.round((100 * part) / whole)}%`;
}

/** A count short enough for a narrow column: 940, 1.2k, 12k. */
export function compactCount(count: number): string {
  if (count < 1000) return String(count);
  return count < 10_000 ? `${(count / 1000).toFixed(1)}k` : `${Math.round(count / 1000)}k`;
}
