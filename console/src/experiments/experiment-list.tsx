import { useApi } from "../api/use-api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { timeText } from "../components/number-text.ts";
import { routeHref } from "../routing.ts";
import type { Experiment } from "./experiment-api.ts";
import { StatusBadge } from "./status-badge.tsx";

/** Every experiment, with its status and variants. */
export function ExperimentList() {
  const experiments = useApi<{ experiments: Experiment[] }>("/v1/experiments");
  const listed = experiments.data?.experiments ?? [];
  return (
    <section class="panel" aria-labelledby="experiment-list-title">
      <h2 id="experiment-list-title">All experiments</h2>
      <ErrorMessage error={experiments.error} />
      {experiments.data === undefined && experiments.loading && <p class="loading">Loading the experiments…</p>}
      {experiments.data && listed.length === 0 && <p class="muted">No experiment yet: create one below.</p>}
      {listed.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Experiments, with their status and variants</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Corpus</th>
                <th scope="col">Variants (strategy)</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((experiment) => (
                <tr key={experiment.name}>
                  <th scope="row" class="nowrap">
                    <a href={routeHref("experiments", experiment.name)}>{experiment.name}</a>
                  </th>
                  <td>
                    <StatusBadge status={experiment.status} />
                  </td>
                  <td>{experiment.corpus ?? <span class="muted">per ask</span>}</td>
                  <td>{experiment.variants.map((variant) => `${variant.name} (${variant.strategy})`).join(", ")}</td>
                  <td>{timeText(experiment.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
