import type { ComponentChildren } from "preact";
import { type ChartRange, positionIn, tickText } from "./chart-scale.ts";

/** One row of a chart: what it is, its figure in words, and the marks drawn in the row's plot. */
export interface ChartRow {
  readonly label: string;
  readonly value: string;
  /** SVG elements, placed with `positionIn` so that they scale with the plot's width. */
  readonly marks: ComponentChildren;
}

/**
 * The layout that the console's charts share: a row per series (its label, its plot, its figure), the value axis
 * under the plots with a tick at each of `ticks`, and a caption. Labels and figures are HTML text that wraps, never
 * clipped; plots stretch with the page. Screen readers read `summary` (every figure is also in a table).
 */
export function ChartFrame(props: {
  title: string;
  summary: string;
  range: ChartRange;
  ticks: readonly number[];
  axisCaption: string;
  rows: readonly ChartRow[];
}) {
  const gridLines = props.ticks.map((tick) => (
    <line
      key={tick}
      class="chart-grid-line"
      x1={positionIn(props.range, tick)}
      x2={positionIn(props.range, tick)}
      y1="0"
      y2="100%"
    />
  ));
  return (
    <figure class="chart">
      <figcaption class="chart-title">{props.title}</figcaption>
      <div class="chart-body" role="img" aria-label={props.summary}>
        {props.rows.map((row) => (
          <div class="chart-row" key={row.label}>
            <span class="chart-label">{row.label}</span>
            <svg class="chart-plot" aria-hidden="true">
              {gridLines}
              {row.marks}
            </svg>
            <span class="chart-value">{row.value}</span>
          </div>
        ))}
        <div class="chart-row chart-axis-row" aria-hidden="true">
          <svg class="chart-axis" aria-hidden="true">
            <line class="chart-axis-line" x1="0" x2="100%" y1="0.5" y2="0.5" />
            {props.ticks.map((tick) => (
              <g key={tick}>
                <line
                  class="chart-axis-line"
                  x1={positionIn(props.range, tick)}
                  x2={positionIn(props.range, tick)}
                  y1="0"
                  y2="5"
                />
                <text x={positionIn(props.range, tick)} y="18" text-anchor="middle">
                  {tickText(tick)}
                </text>
              </g>
            ))}
          </svg>
          <span class="chart-axis-caption">{props.axisCaption}</span>
        </div>
      </div>
    </figure>
  );
}
