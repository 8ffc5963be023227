import { ChartFrame } from "./chart-frame.tsx";
import { colourOf } from "./chart-palette.ts";
import { type ChartRange, positionIn, rangeTicks } from "./chart-scale.ts";
import { intervalText } from "./number-text.ts";

/** An estimate and its 95% interval. */
export interface ChartInterval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** A series of an interval chart: its interval (null: nothing to show yet) and what else to say of it ("20 answers"). */
export interface IntervalRow {
  readonly label: string;
  readonly interval: ChartInterval | null;
  readonly note?: string;
  /** Which colour it takes (see `colourOf`); its place among the rows by default. */
  readonly series?: number;
}

/**
 * Each series' estimate as a dot and its 95% interval as a line, on the metric's whole range (clipped to it), so that
 * overlapping intervals show at a glance how far apart the series really are.
 */
export function IntervalChart(props: {
  title: string;
  range: ChartRange;
  rows: readonly IntervalRow[];
  /** Said of a series without an interval ("no answers yet"). */
  missing: string;
  /** Where "no difference" lies, drawn as a reference line (0 for a difference). */
  reference?: number;
}) {
  const describe = (row: IntervalRow) =>
    row.interval ? `${intervalText(row.interval)}${row.note ? `, ${row.note}` : ""}` : props.missing;
  const rows = props.rows.map((row, index) => {
    const interval = row.interval;
    const colour = colourOf(row.series ?? index);
    return {
      label: row.label,
      value: describe(row),
      marks: interval && [
        <line
          key="interval"
          x1={positionIn(props.range, interval.low)}
          x2={positionIn(props.range, interval.high)}
          y1="50%"
          y2="50%"
          stroke={colour}
          stroke-width="4"
          stroke-linecap="round"
        />,
        <circle
          key="estimate"
          cx={positionIn(props.range, interval.estimate)}
          cy="50%"
          r="6"
          fill={colour}
          stroke="#ffffff"
          stroke-width="1.5"
        />,
      ],
    };
  });
  const reference = props.reference;
  return (
    <ChartFrame
      title={props.title}
      summary={`${props.title}: ${props.rows.map((row) => `${row.label} ${describe(row)}`).join("; ")}.`}
      range={props.range}
      ticks={rangeTicks(props.range)}
      axisCaption={`estimate (dot) with its 95% interval (line)${reference === undefined ? "" : `; ${reference} marks no difference`}`}
      rows={
        reference === undefined
          ? rows
          : rows.map((row) => ({
              ...row,
              marks: [
                <line
                  key="reference"
                  class="chart-reference"
                  x1={positionIn(props.range, reference)}
                  x2={positionIn(props.range, reference)}
                  y1="0"
                  y2="100%"
                />,
                row.marks,
              ],
            }))
      }
    />
  );
}
