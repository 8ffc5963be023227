import { fontSize, px, svgText } from "./svg-elements.ts";
import { textWidth, wrapText } from "./text-width.ts";

/**
 * The frame of the charts with one row per variant (intervals, latency, retrievals): each row's label above its
 * marks, wrapped to fit, so that no name is cut off however long; the row's figure at the right of the label; an
 * axis under the rows.
 */
export const rowChartWidth = 340;
const margin = 14;
/** Where the marks run: inset so that a tick label centred on either end stays inside the chart. */
export const plotSpan = { left: 24, right: rowChartWidth - 24 } as const;

const lineHeight = 15;
/** From the last text baseline of a row down to the centre of its marks. */
const markDrop = 15;
const markHalfHeight = 10;
const rowGap = 8;
const valueGap = 12;
/** Below this share of the chart's width left for the label, the figure goes on a line of its own under it. */
const smallestLabelShare = 0.45;

export interface RowText {
  readonly label: string;
  /** The row's figure, written out ("0.931 [0.902, 0.950]"). */
  readonly value: string;
}

export interface LaidOutRows {
  /** The labels and figures, as SVG. */
  readonly markup: string;
  /** Where each row's marks are centred, in row order. */
  readonly markCentres: readonly number[];
  readonly bottom: number;
}

/** Lays out the rows from `top` down. */
export function layoutRows(rows: readonly RowText[], top: number): LaidOutRows {
  const right = rowChartWidth - margin;
  const markup: string[] = [];
  const markCentres: number[] = [];
  let y = top;
  for (const row of rows) {
    const valueWidth = textWidth(row.value, fontSize.value);
    const besideValue = right - margin - valueWidth - valueGap;
    const valueBeside = besideValue >= smallestLabelShare * (right - margin);
    const lines = wrapText(row.label, valueBeside ? besideValue : right - margin, fontSize.label);
    const firstBaseline = y + fontSize.label;
    lines.forEach((line, index) => {
      markup.push(svgText(margin, firstBaseline + index * lineHeight, line, { size: fontSize.label, tone: "strong" }));
    });
    const valueBaseline = valueBeside ? firstBaseline : firstBaseline + lines.length * lineHeight;
    markup.push(svgText(right, valueBaseline, row.value, { size: fontSize.value, anchor: "end" }));
    const lastBaseline = Math.max(valueBaseline, firstBaseline + (lines.length - 1) * lineHeight);
    markCentres.push(lastBaseline + markDrop);
    y = lastBaseline + markDrop + markHalfHeight + rowGap;
  }
  return { markup: markup.join(""), markCentres, bottom: y };
}

/** Grid lines from `top` to `bottom` at each tick, their labels under `bottom`, and an axis caption under those. */
export function bottomAxis(
  ticks: readonly number[],
  scale: (value: number) => number,
  top: number,
  bottom: number,
  labels: { readonly tick: (value: number) => string; readonly caption: string },
): { readonly markup: string; readonly bottom: number } {
  const lines = ticks
    .map((tick) => {
      const x = px(scale(tick));
      return `<line x1="${x}" y1="${px(top)}" x2="${x}" y2="${px(bottom)}" stroke="#e2e2e2"/>${svgText(x, bottom + 13, labels.tick(tick), { size: fontSize.tick, anchor: "middle", tone: "muted" })}`;
    })
    .join("");
  const caption = svgText((plotSpan.left + plotSpan.right) / 2, bottom + 28, labels.caption, {
    size: fontSize.tick,
    anchor: "middle",
    tone: "muted",
  });
  return { markup: `${lines}${caption}`, bottom: bottom + 34 };
}
