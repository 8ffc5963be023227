import { rangeTicks } from "./axis-ticks.ts";
import { escapeHtml } from "./escape-html.ts";
import { fixed, percentText } from "./number-format.ts";
import type { ReportVariant } from "./report-data.ts";
import { meanRetrievals, retrievalBuckets, retrievalCounts } from "./retrieval-counts.ts";
import { bottomAxis, layoutRows, plotSpan, rowChartWidth } from "./row-chart.ts";
import { fontSize, px, svgChart, svgText } from "./svg-elements.ts";
import { textWidth } from "./text-width.ts";

const shades = ["#e3e3e3", "#9ecae1", "#4292c6", "#08519c"];
const bucketNames = ["no retrieval", "1 retrieval", "2 retrievals", "3 or more"];

/** How many retrievals each answer took, as one bar per variant split into shares of 0, 1, 2, and 3 or more. */
export function retrievalsChart(variants: readonly ReportVariant[]): string {
  const rows = layoutRows(
    variants.map((variant) => ({
      label: variant.name,
      value: variant.retrievals.length === 0 ? "no answers" : `mean ${fixed(meanRetrievals(variant.retrievals), 2)}`,
    })),
    8,
  );
  const x = (share: number) => plotSpan.left + share * (plotSpan.right - plotSpan.left);
  const bars = variants
    .map((variant, index) => {
      const y = rows.markCentres[index] ?? 0;
      const total = variant.retrievals.length;
      if (total === 0) return "";
      let before = 0;
      return retrievalCounts(variant.retrievals)
        .map((count, bucket) => {
          const start = x(before / total);
          before += count;
          const title = `<title>${escapeHtml(`${variant.name}: ${count} of ${total} answers (${percentText(count, total)}) with ${bucketNames[bucket]}`)}</title>`;
          return count === 0
            ? ""
            : `<rect x="${px(start)}" y="${y - 9}" width="${px(x(before / total) - start)}" height="18" fill="${shades[bucket]}" stroke="#fff" stroke-width="0.5">${title}</rect>`;
        })
        .join("");
    })
    .join("");
  const axis = bottomAxis(rangeTicks([0, 1]), x, 4, rows.bottom, {
    tick: (share) => percentText(share, 1),
    caption: "share of answers",
  });
  const legend = legendRows(axis.bottom + 2);
  return svgChart(
    "retrievals per answer",
    rowChartWidth,
    legend.bottom,
    `${axis.markup}${rows.markup}${bars}${legend.markup}`,
  );
}

/** The shades' legend, its entries flowing onto further lines when the chart is too narrow for one. */
function legendRows(top: number): { readonly markup: string; readonly bottom: number } {
  const entryGap = 14;
  let left = plotSpan.left;
  let baseline = top + fontSize.tick;
  const markup = retrievalBuckets.map((_, bucket) => {
    const name = bucketNames[bucket] as string;
    const width = 16 + textWidth(name, fontSize.tick);
    if (left > plotSpan.left && left + width > plotSpan.right) {
      left = plotSpan.left;
      baseline += 16;
    }
    const entry = `<rect x="${px(left)}" y="${baseline - 9}" width="11" height="11" fill="${shades[bucket]}" stroke="#999" stroke-width="0.5"/>${svgText(left + 16, baseline, name, { size: fontSize.tick })}`;
    left += width + entryGap;
    return entry;
  });
  return { markup: markup.join(""), bottom: baseline + 6 };
}
