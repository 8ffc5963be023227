import { calibrationError } from "./calibration-bins.ts";
import { escapeHtml } from "./escape-html.ts";
import { figureTable } from "./figure-table.ts";
import { intervalChart } from "./interval-chart.ts";
import { latencyChart } from "./latency-chart.ts";
import { fixed } from "./number-format.ts";
import { colourOf } from "./palette.ts";
import { reliabilityDiagram, reliabilityPanelWidth } from "./reliability-diagram.ts";
import type { ReportData } from "./report-data.ts";
import { retrievalsChart } from "./retrievals-chart.ts";
import { rowChartWidth } from "./row-chart.ts";

const styles = `
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; max-width: 1180px; margin: 24px auto; padding: 0 16px; overflow-wrap: anywhere; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 16px; margin: 0 0 8px; }
.subtitle { color: #555; margin-top: 0; } .note { color: #555; font-size: 13px; margin: 0 0 10px; }
.findings li { margin: 4px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 10px 0 18px; }
.legend span, figcaption strong { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; flex: none; width: 12px; height: 12px; border-radius: 2px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, ${rowChartWidth + 26}px), 1fr)); gap: 16px; }
section { min-width: 0; border: 1px solid #e4e4e4; border-radius: 8px; padding: 12px; background: #fff; }
section.wide { grid-column: 1 / -1; }
svg { display: block; max-width: 100%; height: auto; }
.panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, ${reliabilityPanelWidth}px), 1fr)); gap: 14px 12px; }
figure { display: flex; flex-direction: column; margin: 0; } figcaption { flex: 1; font-size: 13px; margin-bottom: 4px; } figcaption .ece { display: block; color: #555; }
.figures { border-collapse: collapse; width: 100%; font-size: 13px; overflow-wrap: normal; }
.figures caption { text-align: left; font-weight: 600; margin-bottom: 6px; }
.figures th, .figures td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #eee; }
.figures th[scope="row"] { width: 28%; font-weight: 500; } .figures th[scope="rowgroup"] { background: #f4f4f4; padding-top: 8px; }
.figures td { font-variant-numeric: tabular-nums; } .figures td span { white-space: nowrap; } .figures td.count, .figures th:nth-child(3) { text-align: right; white-space: nowrap; }
@media (max-width: 480px) {
  body { margin: 16px auto; padding: 0 12px; }
  section { padding: 12px 10px; }
  .figures th, .figures td { padding: 4px; }
}
`;

/**
 * One self-contained HTML file (inline CSS and SVG, no script, nothing fetched): each metric per variant with its
 * interval, one reliability diagram per variant, the latency distribution, retrievals per answer, and a table of
 * every figure drawn. The charts keep their natural size down to a phone's width, where they shrink a little.
 */
export function renderReport(data: ReportData): string {
  const legend = data.variants
    .map(
      (variant, index) =>
        `<span><span class="swatch" style="background:${colourOf(index)}"></span>${escapeHtml(variant.name)}</span>`,
    )
    .join("");
  const panels = data.variants
    .map(
      (variant, index) =>
        `<figure><figcaption><strong><span class="swatch" style="background:${colourOf(index)}"></span>${escapeHtml(variant.name)}</strong><span class="ece">ECE ${fixed(calibrationError(variant.calibration))} · ${variant.calibration.length} answers</span></figcaption>${reliabilityDiagram(variant, colourOf(index))}</figure>`,
    )
    .join("");
  const sections = [
    ...data.metrics.map(
      (metric) => `<section><h2>${escapeHtml(metric.name)}</h2>${intervalChart(metric, data.variants)}</section>`,
    ),
    `<section><h2>Latency</h2><p class="note">Boxes span the 25th to 75th percentile, whiskers the 5th to 95th; the thick line is the median.</p>${latencyChart(data.variants)}</section>`,
    `<section><h2>Retrievals per answer</h2>${retrievalsChart(data.variants)}</section>`,
    `<section class="wide"><h2>Reliability of the confidence</h2><p class="note">Answers grouped by confidence (10 bins): a well-calibrated variant follows the dashed diagonal. ECE is the expected calibration error, the answer-weighted gap between confidence and share right.</p><div class="panels">${panels}</div></section>`,
    `<section class="wide"><h2>Figures</h2>${figureTable(data)}</section>`,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${styles}</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<p class="subtitle">${escapeHtml(data.subtitle)}</p>
<ul class="findings">${data.findings.map((finding) => `<li>${escapeHtml(finding)}</li>`).join("")}</ul>
<div class="legend">${legend}</div>
<div class="grid">${sections.join("\n")}</div>
</body>
</html>
`;
}
