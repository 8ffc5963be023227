import { rangeTicks, tickText } from "./axis-ticks.ts";
import { calibrationBinCount, calibrationBins } from "./calibration-bins.ts";
import { escapeHtml } from "./escape-html.ts";
import { compactCount, fixed } from "./number-format.ts";
import type { ReportVariant } from "./report-data.ts";
import { fontSize, px, svgChart, svgText } from "./svg-elements.ts";

/** The panel's size; a grid of panels (one per variant) lets them be read side by side. */
export const reliabilityPanelWidth = 260;
const plot = { left: 46, right: 246, top: 10, bottom: 180 } as const;
const strip = { label: 226, top: 234, baseline: 256, counts: 268 } as const;
const panelHeight = 276;

/**
 * One variant's reliability diagram: per confidence bin, the share of its answers that were right, against the
 * diagonal of perfect calibration; under it, how many answers each bin holds, as bars with their counts.
 */
export function reliabilityDiagram(variant: ReportVariant, colour: string): string {
  const x = (confidence: number) => plot.left + confidence * (plot.right - plot.left);
  const y = (share: number) => plot.bottom - share * (plot.bottom - plot.top);
  const ticks = rangeTicks([0, 1]);
  const grid = ticks
    .map(
      (tick) =>
        `<line x1="${px(x(tick))}" y1="${plot.top}" x2="${px(x(tick))}" y2="${plot.bottom}" stroke="#ececec"/><line x1="${plot.left}" y1="${px(y(tick))}" x2="${plot.right}" y2="${px(y(tick))}" stroke="#ececec"/>${svgText(x(tick), plot.bottom + 14, tickText(tick), { size: fontSize.tick, anchor: "middle", tone: "muted" })}${svgText(plot.left - 6, y(tick) + 3.5, tickText(tick), { size: fontSize.tick, anchor: "end", tone: "muted" })}`,
    )
    .join("");
  const frame = `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#999"/><line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#888" stroke-dasharray="4 4"><title>perfect calibration</title></line>`;
  const captions = `${svgText((plot.left + plot.right) / 2, plot.bottom + 29, "confidence", { size: fontSize.tick, anchor: "middle" })}${svgText(13, (plot.top + plot.bottom) / 2, "share right", { size: fontSize.tick, anchor: "middle", vertical: true })}`;
  const bins = calibrationBins(variant.calibration);
  const filled = bins.filter((bin) => bin.count > 0);
  const line = `<polyline points="${filled.map((bin) => `${px(x(bin.meanConfidence))},${px(y(bin.correct / bin.count))}`).join(" ")}" fill="none" stroke="${colour}" stroke-width="2"/>`;
  const dots = filled
    .map(
      (bin) =>
        `<circle cx="${px(x(bin.meanConfidence))}" cy="${px(y(bin.correct / bin.count))}" r="3.5" fill="${colour}"><title>${escapeHtml(`${variant.name}, confidence ${fixed(bin.low, 1)} to ${fixed(bin.high, 1)}: ${bin.correct} of ${bin.count} right (${fixed(bin.correct / bin.count, 2)}), mean confidence ${fixed(bin.meanConfidence, 2)}`)}</title></circle>`,
    )
    .join("");
  return svgChart(
    `reliability diagram of ${variant.name}`,
    reliabilityPanelWidth,
    panelHeight,
    `${grid}${frame}${captions}${line}${dots}${countStrip(bins.map((bin) => bin.count))}`,
  );
}

/** Answers per bin as small bars under the diagram, each with its count beneath. */
function countStrip(counts: readonly number[]): string {
  const binWidth = (plot.right - plot.left) / calibrationBinCount;
  const most = Math.max(1, ...counts);
  const bars = counts
    .map((count, index) => {
      if (count === 0) return "";
      const centre = plot.left + (index + 0.5) * binWidth;
      const height = Math.max(1, (count / most) * (strip.baseline - strip.top));
      return `<rect x="${px(centre - binWidth / 2 + 2)}" y="${px(strip.baseline - height)}" width="${px(binWidth - 4)}" height="${px(height)}" fill="#bbb"/>${svgText(centre, strip.counts, compactCount(count), { size: 9, anchor: "middle" })}`;
    })
    .join("");
  const label = svgText(plot.left, strip.label, "answers per bin", { size: fontSize.tick, tone: "muted" });
  return `${label}<line x1="${plot.left}" y1="${strip.baseline}" x2="${plot.right}" y2="${strip.baseline}" stroke="#999"/>${bars}`;
}
