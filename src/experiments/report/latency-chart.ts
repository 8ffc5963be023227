import { roundTicks, tickText } from "./axis-ticks.ts";
import { escapeHtml } from "./escape-html.ts";
import { latencySpread } from "./latency-spread.ts";
import { colourOf } from "./palette.ts";
import type { ReportVariant } from "./report-data.ts";
import { bottomAxis, layoutRows, plotSpan, rowChartWidth } from "./row-chart.ts";
import { px, svgChart } from "./svg-elements.ts";

/** Latency as box plots on one axis from 0: box from the 25th to the 75th percentile, whiskers 5th to 95th. */
export function latencyChart(variants: readonly ReportVariant[]): string {
  const spreads = variants.map((variant) => latencySpread(variant.latenciesMs));
  const rows = layoutRows(
    variants.map((variant, index) => {
      const spread = spreads[index];
      return {
        label: variant.name,
        value: spread ? `median ${Math.round(spread.p50)} · p95 ${Math.round(spread.p95)} ms` : "no answers",
      };
    }),
    8,
  );
  const ticks = roundTicks(Math.max(1, ...spreads.map((spread) => spread?.p95 ?? 0)));
  const top = ticks[ticks.length - 1] ?? 1;
  const x = (value: number) => plotSpan.left + (Math.min(value, top) / top) * (plotSpan.right - plotSpan.left);
  const marks = spreads
    .map((spread, index) => {
      const y = rows.markCentres[index] ?? 0;
      if (!spread) return "";
      const colour = colourOf(index);
      const title = `<title>${escapeHtml(`${variants[index]?.name}: median ${Math.round(spread.p50)} ms, middle half ${Math.round(spread.p25)} to ${Math.round(spread.p75)} ms, 5th to 95th percentile ${Math.round(spread.p5)} to ${Math.round(spread.p95)} ms`)}</title>`;
      return `<line x1="${px(x(spread.p5))}" y1="${y}" x2="${px(x(spread.p95))}" y2="${y}" stroke="${colour}" stroke-width="1.5"/><rect x="${px(x(spread.p25))}" y="${y - 8}" width="${px(Math.max(1, x(spread.p75) - x(spread.p25)))}" height="16" fill="${colour}" fill-opacity="0.3" stroke="${colour}"/><line x1="${px(x(spread.p50))}" y1="${y - 8}" x2="${px(x(spread.p50))}" y2="${y + 8}" stroke="${colour}" stroke-width="3">${title}</line>`;
    })
    .join("");
  const axis = bottomAxis(ticks, x, 4, rows.bottom, { tick: tickText, caption: "milliseconds" });
  return svgChart("latency per variant", rowChartWidth, axis.bottom, `${axis.markup}${rows.markup}${marks}`);
}
