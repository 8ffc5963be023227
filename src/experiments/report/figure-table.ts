import { calibrationBins, calibrationError } from "./calibration-bins.ts";
import { escapeHtml } from "./escape-html.ts";
import { latencySpread } from "./latency-spread.ts";
import { fixed, intervalText, percentText } from "./number-format.ts";
import { figureOf, type ReportData, type ReportVariant } from "./report-data.ts";
import { meanRetrievals, retrievalBuckets, retrievalCounts } from "./retrieval-counts.ts";

interface FigureGroup {
  /** What the group's figures are, and how they are written. */
  readonly heading: string;
  /** The variant's figures, each written as a part that does not break across lines. */
  readonly value: (variant: ReportVariant) => { readonly parts: readonly string[]; readonly count: number };
}

/**
 * Every figure the charts draw, written out in a table (one row per figure and variant, grouped by figure) so that
 * each can be read exactly, and by a screen reader.
 */
export function figureTable(data: ReportData): string {
  const groups: FigureGroup[] = [
    ...data.metrics.map((metric) => ({
      heading: `${metric.name}: estimate [95% interval]`,
      value: (variant: ReportVariant) => {
        const figure = figureOf(variant, metric);
        return { parts: [figure.interval ? intervalText(figure.interval) : "no answers"], count: figure.count };
      },
    })),
    {
      heading: "Reliability: expected calibration error (ECE, 10 bins); answers right per bin of confidence",
      value: (variant) => ({ parts: reliabilityParts(variant), count: variant.calibration.length }),
    },
    {
      heading: "Latency in milliseconds: median; middle half (25th to 75th percentile); 5th to 95th percentile",
      value: (variant) => ({ parts: latencyParts(variant), count: variant.latenciesMs.length }),
    },
    {
      heading: "Retrievals per answer: answers with 0, 1, 2, and 3 or more; mean",
      value: (variant) => ({ parts: retrievalsParts(variant), count: variant.retrievals.length }),
    },
  ];
  const bodies = groups.map((group) => {
    const rows = data.variants.map((variant) => {
      const { parts, count } = group.value(variant);
      const figure = parts.map((part) => `<span>${escapeHtml(part)}</span>`).join("; ");
      return `<tr><th scope="row">${escapeHtml(variant.name)}</th><td>${figure}</td><td class="count">${count}</td></tr>`;
    });
    return `<tbody><tr><th scope="rowgroup" colspan="3">${escapeHtml(group.heading)}</th></tr>${rows.join("")}</tbody>`;
  });
  return `<table class="figures"><caption>Every figure in the charts, per variant, with the number of answers it counts</caption><thead><tr><th scope="col">Variant</th><th scope="col">Figure</th><th scope="col">Answers</th></tr></thead>${bodies.join("")}</table>`;
}

function reliabilityParts(variant: ReportVariant): string[] {
  if (variant.calibration.length === 0) return ["no answers"];
  const bins = calibrationBins(variant.calibration)
    .filter((bin) => bin.count > 0)
    .map((bin) => `${fixed(bin.low, 1)}–${fixed(bin.high, 1)}: ${bin.correct} of ${bin.count}`);
  return [`ECE ${fixed(calibrationError(variant.calibration))}`, ...bins];
}

function latencyParts(variant: ReportVariant): string[] {
  const spread = latencySpread(variant.latenciesMs);
  if (!spread) return ["no answers"];
  const ms = (value: number) => String(Math.round(value));
  return [
    `median ${ms(spread.p50)}`,
    `middle half ${ms(spread.p25)} to ${ms(spread.p75)}`,
    `5th to 95th ${ms(spread.p5)} to ${ms(spread.p95)}`,
  ];
}

function retrievalsParts(variant: ReportVariant): string[] {
  const total = variant.retrievals.length;
  if (total === 0) return ["no answers"];
  const counts = retrievalCounts(variant.retrievals).map(
    (count, bucket) => `${retrievalBuckets[bucket]}: ${count} (${percentText(count, total)})`,
  );
  return [...counts, `mean ${fixed(meanRetrievals(variant.retrievals), 2)}`];
}
