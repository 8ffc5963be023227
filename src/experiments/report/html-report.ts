import type { ReportData } from "./report-data.ts";
import { escapeHtml, intervalChart, latencyChart, palette, reliabilityDiagram, retrievalsChart } from "./svg-charts.ts";

/**
 * One self-contained HTML file (inline CSS and SVG, no script, no network): each metric per variant with its
 * interval, a reliability diagram, the latency distribution and retrievals per answer.
 */
export function renderReport(data: ReportData): string {
  const metrics = [...new Set(data.variants.flatMap((variant) => Object.keys(variant.metrics)))];
  const legend = data.variants
    .map(
      (variant, index) =>
        `<span class="swatch" style="background:${palette[index % palette.length]}"></span>${escapeHtml(variant.name)}`,
    )
    .join(" ");
  const sections = [
    ...metrics.map(
      (metric) => `<section><h2>${escapeHtml(metric)}</h2>${intervalChart(metric, data.variants)}</section>`,
    ),
    `<section><h2>Reliability of the confidence</h2><p class="note">Answers grouped by confidence (10 bins): a well-calibrated strategy follows the dashed diagonal.</p>${reliabilityDiagram(data.variants)}</section>`,
    `<section><h2>Latency</h2><p class="note">Boxes span the 25th to 75th percentile, whiskers the 5th to 95th, the thick line is the median.</p>${latencyChart(data.variants)}</section>`,
    `<section><h2>Retrievals per answer</h2>${retrievalsChart(data.variants)}</section>`,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(data.title)}</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; max-width: 1120px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 16px; margin: 8px 0; }
.subtitle { color: #666; margin-top: 0; } .note { color: #666; font-size: 13px; margin: 0 0 6px; }
.findings li { margin: 4px 0; } .legend { margin: 10px 0 18px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin: 0 4px 0 12px; vertical-align: -1px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 18px; }
section { border: 1px solid #e4e4e4; border-radius: 8px; padding: 12px 14px; background: #fff; }
svg text { font-size: 12px; fill: #333; } svg .tick { font-size: 11px; fill: #777; }
</style>
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
