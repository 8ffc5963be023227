import { useEffect, useState } from "preact/hooks";
import { useApi } from "../api/use-api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { numberText, timeText } from "../components/number-text.ts";
import { routeHref } from "../routing.ts";
import { type Experiment, type ExperimentResults, type ExperimentStatus, experimentPath } from "./experiment-api.ts";
import { ExperimentControls } from "./experiment-controls.tsx";
import { ExperimentResultsPanel } from "./experiment-results-panel.tsx";
import { StatusBadge } from "./status-badge.tsx";

/** How often a running experiment's results are read again: its live counts. */
const liveEveryMs = 3000;

/** One experiment: its definition and status, the controls that change it, and its results (live while it runs). */
export function ExperimentDetail(props: { name: string }) {
  const experiment = useApi<Experiment>(experimentPath(props.name));
  // The results, read again every few seconds while it runs, carry its status: a pause from elsewhere shows here.
  const [resultsStatus, setResultsStatus] = useState<ExperimentStatus | undefined>(undefined);
  const status = resultsStatus ?? experiment.data?.status;
  const running = status === "running";
  const results = useApi<ExperimentResults>(
    experiment.data ? experimentPath(props.name, "/results") : undefined,
    running ? liveEveryMs : undefined,
  );
  const latestStatus = results.data?.status;
  useEffect(() => setResultsStatus(latestStatus), [latestStatus]);
  const shown = experiment.data && status ? { ...experiment.data, status } : undefined;
  return (
    <section aria-labelledby="experiment-title">
      <p class="breadcrumb">
        <a href={routeHref("experiments")}>All experiments</a>
      </p>
      <h1 id="experiment-title" tabIndex={-1}>
        Experiment <span class="wrap-anywhere">{props.name}</span>
      </h1>
      <ErrorMessage error={experiment.error} />
      {shown && (
        <section class="panel" aria-labelledby="definition-title">
          <h2 id="definition-title" class="visually-hidden">
            Definition and status
          </h2>
          <p class="experiment-status">
            Status: <StatusBadge status={shown.status} />
          </p>
          {shown.description !== "" && <p>{shown.description}</p>}
          <p class="muted">
            Corpus: {shown.corpus ?? "each ask's own"} · created {timeText(shown.createdAt)}
          </p>
          <div class="table-scroll caption-fits">
            <table>
              <caption>Variants; the first is the control</caption>
              <thead>
                <tr>
                  <th scope="col">Variant</th>
                  <th scope="col">Strategy</th>
                  <th scope="col" class="number">
                    Weight
                  </th>
                  <th scope="col">Parameters</th>
                </tr>
              </thead>
              <tbody>
                {shown.variants.map((variant) => (
                  <tr key={variant.name}>
                    <th scope="row">{variant.name}</th>
                    <td>{variant.strategy}</td>
                    <td class="number">{numberText(variant.weight)}</td>
                    <td>
                      {Object.keys(variant.params).length === 0 ? (
                        <span class="muted">defaults</span>
                      ) : (
                        <code class="wrap-anywhere">{JSON.stringify(variant.params)}</code>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ExperimentControls
            experiment={shown}
            onChanged={() => {
              experiment.reload();
              results.reload();
            }}
            onDeleted={() => {
              location.hash = routeHref("experiments");
            }}
          />
        </section>
      )}
      <ErrorMessage error={results.error} />
      {results.data && <ExperimentResultsPanel results={results.data} live={running} />}
    </section>
  );
}
