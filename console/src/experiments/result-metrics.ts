import type { ChartRange } from "../components/chart-scale.ts";
import type { Comparison, Interval, VariantComparison, VariantResults } from "./experiment-api.ts";

/** A figure of the results that comes with a 95% interval, on its whole range. */
export interface IntervalMetric {
  readonly title: string;
  /** The title in a table's row heading. */
  readonly shortTitle: string;
  readonly range: ChartRange;
  /** What each variant's figure rests on. */
  readonly countNoun: string;
  /** Said when no variant has the figure yet. */
  readonly missing: string;
  readonly figure: (variant: VariantResults) => { readonly interval: Interval | null; readonly count: number };
  /** The variant's difference from the control on this figure. */
  readonly difference: (comparison: VariantComparison) => Comparison | null;
}

/** Each variant's figures with intervals: correctness, feedback and abstention, and how each differs from the control. */
export const intervalMetrics: readonly IntervalMetric[] = [
  {
    title: "Correct answers (share of the judged answers)",
    shortTitle: "Correct answers",
    range: [0, 1],
    countNoun: "judged answers",
    missing: "No answer judged correct or incorrect yet (POST /v1/feedback with correct).",
    figure: (variant) => ({ interval: variant.correct.rate, count: variant.correct.count }),
    difference: (comparison) => comparison.correct,
  },
  {
    title: "Feedback score (mean, 0 to 1)",
    shortTitle: "Feedback score",
    range: [0, 1],
    countNoun: "scores",
    missing: "No feedback score yet (POST /v1/feedback with score).",
    figure: (variant) => ({ interval: variant.feedback.mean, count: variant.feedback.count }),
    difference: (comparison) => comparison.feedback,
  },
  {
    title: "Abstentions (share of the answers)",
    shortTitle: "Abstention rate",
    range: [0, 1],
    countNoun: "answers",
    missing: "No answer yet.",
    figure: (variant) => ({ interval: variant.abstentionRate, count: variant.asks - variant.errors }),
    difference: (comparison) => comparison.abstention,
  },
];

/** Differences of shares and of 0-to-1 means lie between -1 and 1. */
export const differenceRange: ChartRange = [-1, 1];
