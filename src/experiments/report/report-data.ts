import { clipInterval, type Interval } from "../../statistics/statistics.ts";

/** A headline metric of the report. */
export interface ReportMetric {
  readonly name: string;
  /** The values the metric can take: its chart's axis, and the bounds its intervals are clipped to. */
  readonly range: readonly [minimum: number, maximum: number];
}

/** One metric of one variant. */
export interface ReportFigure {
  /** The estimate with its 95% interval; null when no answer counts towards it. */
  readonly interval: Interval | null;
  /** How many answers the figure is computed over. */
  readonly count: number;
}

/** One variant (or strategy) as the report draws it. */
export interface ReportVariant {
  readonly name: string;
  /** Its figure for each of the report's metrics, by metric name. */
  readonly figures: Readonly<Record<string, ReportFigure>>;
  /** Each answer's confidence and whether it was right (for the reliability diagram). */
  readonly calibration: readonly { readonly confidence: number; readonly correct: boolean }[];
  readonly latenciesMs: readonly number[];
  readonly retrievals: readonly number[];
}

export interface ReportData {
  readonly title: string;
  readonly subtitle: string;
  /** The headline metrics (exact match, feedback, abstention), each drawn per variant with its interval. */
  readonly metrics: readonly ReportMetric[];
  readonly variants: readonly ReportVariant[];
  /** Plain sentences shown under the title (the verdict, paired comparisons). */
  readonly findings: readonly string[];
}

/** A variant's figure for a metric, its interval clipped to the metric's range; a missing figure counts no answer. */
export function figureOf(variant: ReportVariant, metric: ReportMetric): ReportFigure {
  const figure = variant.figures[metric.name];
  if (!figure?.interval) return { interval: null, count: figure?.count ?? 0 };
  return { interval: clipInterval(figure.interval, metric.range), count: figure.count };
}
