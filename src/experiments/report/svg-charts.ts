import type { ReportVariant } from "./report-data.ts";

/** Colours that stay apart for the colour-blind (Okabe and Ito). */
export const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fixed = (value: number, digits = 3): string => (Number.isFinite(value) ? value.toFixed(digits) : "-");

/** Each variant's estimate as a dot with its 95% interval as a line, on a 0-1 axis. */
export function intervalChart(metric: string, variants: readonly ReportVariant[]): string {
  const width = 520;
  const row = 34;
  const left = 150;
  const plot = width - left - 60;
  const height = 40 + row * variants.length;
  const x = (value: number) => left + Math.min(Math.max(value, 0), 1) * plot;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (tick) =>
        `<line x1="${x(tick)}" y1="20" x2="${x(tick)}" y2="${height - 14}" stroke="#ddd"/><text x="${x(tick)}" y="${height - 2}" text-anchor="middle" class="tick">${tick}</text>`,
    )
    .join("");
  const rows = variants
    .map((variant, index) => {
      const value = variant.metrics[metric];
      const y = 34 + index * row;
      const colour = palette[index % palette.length];
      const label = `<text x="${left - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(variant.name)}</text>`;
      if (!value) return `${label}<text x="${left}" y="${y + 4}" class="tick">no data</text>`;
      return `${label}<line x1="${x(value.low)}" y1="${y}" x2="${x(value.high)}" y2="${y}" stroke="${colour}" stroke-width="3"/><circle cx="${x(value.estimate)}" cy="${y}" r="6" fill="${colour}"><title>${escapeHtml(variant.name)}: ${fixed(value.estimate)} (95% CI ${fixed(value.low)} to ${fixed(value.high)})</title></circle><text x="${x(value.high) + 8}" y="${y + 4}" class="tick">${fixed(value.estimate)}</text>`;
    })
    .join("");
  return `<svg role="img" aria-label="${escapeHtml(metric)} per variant" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${ticks}${rows}</svg>`;
}

/** Reliability diagram: per confidence bin (10), the share of right answers; the diagonal is perfect calibration. */
export function reliabilityDiagram(variants: readonly ReportVariant[]): string {
  const size = 320;
  const margin = 36;
  const plot = size - 2 * margin;
  const x = (value: number) => margin + value * plot;
  const y = (value: number) => size - margin - value * plot;
  const lines = variants
    .map((variant, index) => {
      const bins = Array.from({ length: 10 }, () => ({ count: 0, confidence: 0, correct: 0 }));
      for (const answer of variant.calibration) {
        const bin = bins[Math.min(9, Math.floor(answer.confidence * 10))] as (typeof bins)[number];
        bin.count++;
        bin.confidence += answer.confidence;
        bin.correct += answer.correct ? 1 : 0;
      }
      const points = bins
        .filter((bin) => bin.count > 0)
        .map((bin) => [bin.confidence / bin.count, bin.correct / bin.count]);
      const colour = palette[index % palette.length];
      const path = points.map(([px = 0, py = 0]) => `${x(px)},${y(py)}`).join(" ");
      const dots = points
        .map(
          ([px = 0, py = 0]) =>
            `<circle cx="${x(px)}" cy="${y(py)}" r="4" fill="${colour}"><title>${escapeHtml(variant.name)}: confidence ${fixed(px, 2)}, right ${fixed(py, 2)}</title></circle>`,
        )
        .join("");
      return `<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>${dots}`;
    })
    .join("");
  const axes = `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(0)}" stroke="#888"/><line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(1)}" stroke="#888"/><line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4 4"/><text x="${size / 2}" y="${size - 6}" text-anchor="middle" class="tick">confidence</text><text x="12" y="${size / 2}" transform="rotate(-90 12 ${size / 2})" text-anchor="middle" class="tick">share right</text>`;
  return `<svg role="img" aria-label="reliability diagram" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}">${axes}${lines}</svg>`;
}

/** Latency as box plots (5th, 25th, 50th, 75th, 95th percentiles) on a shared axis. */
export function latencyChart(variants: readonly ReportVariant[]): string {
  const width = 520;
  const row = 34;
  const left = 150;
  const plot = width - left - 40;
  const height = 40 + row * variants.length;
  const all = variants.flatMap((variant) => variant.latenciesMs);
  const top = Math.max(1, ...all);
  const x = (value: number) => left + (value / top) * plot;
  const at = (sorted: readonly number[], share: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? 0;
  const rows = variants
    .map((variant, index) => {
      const sorted = [...variant.latenciesMs].sort((left, right) => left - right);
      const y = 34 + index * row;
      const colour = palette[index % palette.length];
      const label = `<text x="${left - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(variant.name)}</text>`;
      if (sorted.length === 0) return `${label}<text x="${left}" y="${y + 4}" class="tick">no data</text>`;
      const [p5, p25, p50, p75, p95] = [0.05, 0.25, 0.5, 0.75, 0.95].map((share) => at(sorted, share)) as number[];
      return `${label}<line x1="${x(p5 ?? 0)}" y1="${y}" x2="${x(p95 ?? 0)}" y2="${y}" stroke="${colour}"/><rect x="${x(p25 ?? 0)}" y="${y - 9}" width="${Math.max(1, x(p75 ?? 0) - x(p25 ?? 0))}" height="18" fill="${colour}" opacity="0.35" stroke="${colour}"/><line x1="${x(p50 ?? 0)}" y1="${y - 9}" x2="${x(p50 ?? 0)}" y2="${y + 9}" stroke="${colour}" stroke-width="3"><title>${escapeHtml(variant.name)}: p50 ${fixed(p50 ?? 0, 1)} ms, p95 ${fixed(p95 ?? 0, 1)} ms</title></line><text x="${x(p95 ?? 0) + 6}" y="${y + 4}" class="tick">p50 ${Math.round(p50 ?? 0)} ms</text>`;
    })
    .join("");
  return `<svg role="img" aria-label="latency per variant" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><text x="${left}" y="14" class="tick">0 ms</text><text x="${left + plot}" y="14" text-anchor="end" class="tick">${Math.round(top)} ms</text>${rows}</svg>`;
}

/** How many retrievals each answer took: stacked shares of 0, 1, 2 and 3 or more. */
export function retrievalsChart(variants: readonly ReportVariant[]): string {
  const width = 520;
  const row = 34;
  const left = 150;
  const plot = width - left - 30;
  const height = 56 + row * variants.length;
  const shades = ["#eeeeee", "#9ecae1", "#4292c6", "#08519c"];
  const rows = variants
    .map((variant, index) => {
      const y = 24 + index * row;
      const total = Math.max(variant.retrievals.length, 1);
      const counts = [0, 0, 0, 0];
      for (const value of variant.retrievals) counts[Math.min(3, value)] = (counts[Math.min(3, value)] ?? 0) + 1;
      let offset = left;
      const bars = counts
        .map((count, bucket) => {
          const w = (count / total) * plot;
          const bar = `<rect x="${offset}" y="${y - 10}" width="${w}" height="20" fill="${shades[bucket]}"><title>${escapeHtml(variant.name)}: ${count} answers with ${bucket === 3 ? "3 or more" : bucket} retrievals</title></rect>`;
          offset += w;
          return bar;
        })
        .join("");
      return `<text x="${left - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(variant.name)}</text>${bars}`;
    })
    .join("");
  const legend = ["0", "1", "2", "3+"]
    .map(
      (label, bucket) =>
        `<rect x="${left + bucket * 92}" y="${height - 22}" width="12" height="12" fill="${shades[bucket]}" stroke="#999"/><text x="${left + bucket * 92 + 16}" y="${height - 12}" class="tick">${label} retrievals</text>`,
    )
    .join("");
  return `<svg role="img" aria-label="retrievals per answer" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows}${legend}</svg>`;
}

export { escapeHtml };
