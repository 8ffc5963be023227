import type { Interval } from "../../statistics/statistics.ts";

/** One variant (or strategy) as the report draws it. */
export interface ReportVariant {
  readonly name: string;
  /** Headline metrics with their 95% intervals, e.g. exact match, feedback, abstention. */
  readonly metrics: Readonly<Record<string, Interval | null>>;
  /** Each answer's confidence and whether it was right (for the reliability diagram). */
  readonly calibration: readonly { readonly confidence: number; readonly correct: boolean }[];
  readonly latenciesMs: readonly number[];
  readonly retrievals: readonly number[];
}

export interface ReportData {
  readonly title: string;
  readonly subtitle: string;
  readonly variants: readonly ReportVariant[];
  /** Plain sentences shown under the title (the verdict, paired comparisons). */
  readonly findings: readonly string[];
}
