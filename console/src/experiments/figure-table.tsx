import type { ComponentChildren } from "preact";
import { intervalText, numberText } from "../components/number-text.ts";
import type { ExperimentResults, VariantComparison, VariantResults } from "./experiment-api.ts";
import { intervalMetrics } from "./result-metrics.ts";

/** A row of the table: what the figure is, and its cell for each variant. */
interface FigureRow {
  readonly figure: string;
  readonly cells: readonly ComponentChildren[];
}

const noFigure = <span class="muted">none yet</span>;

function signed(value: number): string {
  return `${value > 0 ? "+" : ""}${numberText(value)}`;
}

function figureRows(variants: readonly VariantResults[], comparisons: readonly VariantComparison[]): FigureRow[] {
  const each = (cell: (variant: VariantResults) => ComponentChildren) => variants.map(cell);
  const share = (variant: VariantResults) => {
    const total = variants.reduce((sum, other) => sum + other.weight, 0);
    return `${numberText(variant.weight)} (${numberText((variant.weight / total) * 100, 1)}%)`;
  };
  const rows: FigureRow[] = [
    { figure: "Strategy", cells: each((variant) => variant.strategy) },
    { figure: "Weight (share of the traffic)", cells: each(share) },
    { figure: "Asks", cells: each((variant) => numberText(variant.asks)) },
    { figure: "Failed asks", cells: each((variant) => numberText(variant.errors)) },
  ];
  for (const metric of intervalMetrics) {
    rows.push({
      figure: `${metric.shortTitle} [95% interval]`,
      cells: each((variant) => {
        const { interval, count } = metric.figure(variant);
        if (!interval) return noFigure;
        return (
          <>
            <span class="nowrap">{intervalText(interval)}</span> of {numberText(count)} {metric.countNoun}
          </>
        );
      }),
    });
  }
  rows.push(
    { figure: "Retrievals per answer", cells: each((variant) => numberText(variant.retrievalsPerAsk, 2)) },
    { figure: "Tokens per answer", cells: each((variant) => numberText(variant.tokensPerAsk, 1)) },
    { figure: "Latency, median (ms)", cells: each((variant) => numberText(variant.latencyMs.p50, 0)) },
    { figure: "Latency, p95 (ms)", cells: each((variant) => numberText(variant.latencyMs.p95, 0)) },
  );
  const control = variants[0]?.variant;
  for (const metric of intervalMetrics) {
    rows.push({
      figure: `${metric.shortTitle}: difference [95% interval]`,
      cells: each((variant) => {
        if (variant.variant === control) return <span class="muted">the control</span>;
        const difference = comparisons.find((comparison) => comparison.variant === variant.variant);
        const result = difference ? metric.difference(difference) : null;
        if (!result) return noFigure;
        return (
          <>
            <span class="nowrap">
              {signed(result.estimate)} [{signed(result.low)}, {signed(result.high)}]
            </span>
            , p = {result.pValue.toFixed(3)} ({result.test})
          </>
        );
      }),
    });
  }
  return rows;
}

/** Every figure of the results, a column per variant, with its interval where it has one. */
export function FigureTable(props: { results: ExperimentResults }) {
  const { variants, comparisons } = props.results;
  return (
    <div class="table-scroll caption-fits">
      <table class="figure-table">
        <caption>
          Every figure per variant: estimates with their 95% intervals in brackets; differences are each variant minus
          the first, {variants[0]?.variant}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {variants.map((variant) => (
              <th scope="col" key={variant.variant}>
                {variant.variant}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {figureRows(variants, comparisons).map((row) => (
            <tr key={row.figure}>
              <th scope="row">{row.figure}</th>
              {row.cells.map((cell, index) => (
                <td key={variants[index]?.variant}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
