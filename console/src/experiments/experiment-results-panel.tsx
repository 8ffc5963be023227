import { BarChart } from "../components/bar-chart.tsx";
import { IntervalChart } from "../components/interval-chart.tsx";
import { numberText, plural } from "../components/number-text.ts";
import type { ExperimentResults } from "./experiment-api.ts";
import { FigureTable } from "./figure-table.tsx";
import { differenceRange, intervalMetrics } from "./result-metrics.ts";

/** A note in place of a chart that has nothing to show yet. */
function EmptyChart(props: { title: string; text: string }) {
  return (
    <figure class="chart">
      <figcaption class="chart-title">{props.title}</figcaption>
      <p class="muted">{props.text}</p>
    </figure>
  );
}

/**
 * An experiment's results: the live counts, each figure with its 95% interval per variant, each variant's difference
 * from the control, what the variants cost, and every figure in a table.
 */
export function ExperimentResultsPanel(props: { results: ExperimentResults; live: boolean }) {
  const { results } = props;
  const control = results.variants[0]?.variant ?? "the control";
  const asks = results.variants.reduce((sum, variant) => sum + variant.asks, 0);
  const failed = results.variants.reduce((sum, variant) => sum + variant.errors, 0);
  return (
    <section class="panel" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      <p role="status" aria-live="polite" class="live-counts">
        {plural(asks, "ask")} so far
        {failed > 0 ? ` (${failed} failed)` : ""}
        {props.live ? "; counts update every few seconds while the experiment runs." : "."}
      </p>
      <p class="verdict">{results.verdict}</p>

      <h3 class="results-group">Live counts</h3>
      <div class="charts">
        <BarChart
          title="Asks per variant"
          counts
          axisCaption="asks"
          rows={results.variants.map((variant) => ({
            label: variant.variant,
            value: variant.asks,
            text: `${numberText(variant.asks)}${variant.errors > 0 ? ` (${variant.errors} failed)` : ""}`,
          }))}
        />
      </div>

      <h3 class="results-group">Quality, with 95% intervals</h3>
      <div class="charts">
        {intervalMetrics.map((metric) => {
          const figures = results.variants.map(metric.figure);
          if (figures.every((figure) => figure.interval === null))
            return <EmptyChart key={metric.title} title={metric.title} text={metric.missing} />;
          return (
            <IntervalChart
              key={metric.title}
              title={metric.title}
              range={metric.range}
              missing={`no ${metric.countNoun} yet`}
              rows={results.variants.map((variant, index) => ({
                label: variant.variant,
                interval: figures[index]?.interval ?? null,
                note: `${figures[index]?.count ?? 0} ${metric.countNoun}`,
              }))}
            />
          );
        })}
      </div>

      {results.comparisons.length > 0 && (
        <>
          <h3 class="results-group">Difference from the control</h3>
          <div class="charts">
            {intervalMetrics.map((metric) => {
              const title = `${metric.title}: variant minus ${control}`;
              const differences = results.comparisons.map(metric.difference);
              if (differences.every((difference) => difference === null))
                return <EmptyChart key={metric.title} title={title} text={metric.missing} />;
              return (
                <IntervalChart
                  key={metric.title}
                  title={title}
                  range={differenceRange}
                  reference={0}
                  missing="nothing to compare yet"
                  rows={results.comparisons.map((comparison, index) => {
                    const difference = differences[index] ?? null;
                    return {
                      label: comparison.variant,
                      interval: difference,
                      series: index + 1,
                      ...(difference ? { note: `p = ${difference.pValue.toFixed(3)}` } : {}),
                    };
                  })}
                />
              );
            })}
          </div>
        </>
      )}

      <h3 class="results-group">Cost</h3>
      <div class="charts">
        <BarChart
          title="Retrievals per answer"
          axisCaption="retrievals (mean)"
          rows={results.variants.map((variant) => ({ label: variant.variant, value: variant.retrievalsPerAsk }))}
        />
        <BarChart
          title="Tokens per answer"
          axisCaption="prompt and completion tokens (mean)"
          rows={results.variants.map((variant) => ({ label: variant.variant, value: variant.tokensPerAsk }))}
        />
        <BarChart
          title="Latency"
          axisCaption="milliseconds, median; the 95th percentile beside each bar"
          rows={results.variants.map((variant) => ({
            label: variant.variant,
            value: variant.latencyMs.p50,
            text: `${numberText(variant.latencyMs.p50, 0)} ms (p95 ${numberText(variant.latencyMs.p95, 0)})`,
          }))}
        />
      </div>

      <h3 class="results-group">All figures</h3>
      <FigureTable results={results} />
    </section>
  );
}
