import { rangeTicks, tickText } from "./axis-ticks.ts";
import { escapeHtml } from "./escape-html.ts";
import { intervalText } from "./number-format.ts";
import { colourOf } from "./palette.ts";
import { figureOf, type ReportMetric, type ReportVariant } from "./report-data.ts";
import { bottomAxis, layoutRows, plotSpan, rowChartWidth } from "./row-chart.ts";
import { px, svgChart } from "./svg-elements.ts";

/** Each variant's estimate of `metric` as a dot with its 95% interval as a bar, on the metric's whole range. */
export function intervalChart(metric: ReportMetric, variants: readonly ReportVariant[]): string {
  const figures = variants.map((variant) => figureOf(variant, metric));
  const rows = layoutRows(
    variants.map((variant, index) => {
      const interval = figures[index]?.interval;
      return { label: variant.name, value: interval ? intervalText(interval) : "no answers" };
    }),
    8,
  );
  const [minimum, maximum] = metric.range;
  const x = (value: number) =>
    plotSpan.left + ((value - minimum) / (maximum - minimum)) * (plotSpan.right - plotSpan.left);
  const marks = variants
    .map((variant, index) => {
      const interval = figures[index]?.interval;
      const y = rows.markCentres[index] ?? 0;
      if (!interval) return "";
      const colour = colourOf(index);
      const title = `<title>${escapeHtml(`${variant.name}: ${intervalText(interval)} (estimate [95% interval]), ${figures[index]?.count} answers`)}</title>`;
      return `<line x1="${px(x(interval.low))}" y1="${y}" x2="${px(x(interval.high))}" y2="${y}" stroke="${colour}" stroke-width="4"/><circle cx="${px(x(interval.estimate))}" cy="${y}" r="6" fill="${colour}" stroke="#fff" stroke-width="1.5">${title}</circle>`;
    })
    .join("");
  const axis = bottomAxis(rangeTicks(metric.range), x, 4, rows.bottom, {
    tick: tickText,
    caption: "estimate with its 95% interval",
  });
  return svgChart(`${metric.name} per variant`, rowChartWidth, axis.bottom, `${axis.markup}${rows.markup}${marks}`);
}
