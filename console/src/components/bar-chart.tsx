import { ChartFrame } from "./chart-frame.tsx";
import { colourOf } from "./chart-palette.ts";
import { positionIn, roundTicks } from "./chart-scale.ts";
import { numberText } from "./number-text.ts";

/** A series of a bar chart: its value, and the value in words if a number alone does not say it ("1,200 ms"). */
export interface BarRow {
  readonly label: string;
  readonly value: number;
  readonly text?: string;
}

/** Each series' value as a bar from 0, on round ticks up to the largest value. */
export function BarChart(props: {
  title: string;
  rows: readonly BarRow[];
  axisCaption: string;
  /** Counts: ticks at whole numbers only. */
  counts?: boolean;
}) {
  const largest = Math.max(0, ...props.rows.map((row) => row.value));
  const ticks = roundTicks(largest, { smallestStep: props.counts ? 1 : 0 });
  const range = [0, ticks.at(-1) ?? 1] as const;
  const textOf = (row: BarRow) => row.text ?? numberText(row.value);
  return (
    <ChartFrame
      title={props.title}
      summary={`${props.title}: ${props.rows.map((row) => `${row.label} ${textOf(row)}`).join("; ")}.`}
      range={range}
      ticks={ticks}
      axisCaption={props.axisCaption}
      rows={props.rows.map((row, index) => ({
        label: row.label,
        value: textOf(row),
        marks: <rect x="0" y="20%" width={positionIn(range, row.value)} height="60%" rx="2" fill={colourOf(index)} />,
      }))}
    />
  );
}
