import { useApi } from "../api/use-api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { numberText, timeText } from "../components/number-text.ts";
import { routeHref } from "../routing.ts";
import type { CorpusSummary } from "./corpus-api.ts";

/** Every corpus this key may use and the server can search, with its model and indexed counts. */
export function CorpusList() {
  const corpora = useApi<{ corpora: CorpusSummary[] }>("/v1/corpora");
  return (
    <section class="panel" aria-labelledby="corpus-list-title">
      <h2 id="corpus-list-title">All corpora</h2>
      <ErrorMessage error={corpora.error} />
      {corpora.data === undefined && corpora.loading && <p class="loading">Loading the corpora…</p>}
      {corpora.data?.corpora.length === 0 && <p class="muted">No corpus yet: create one below.</p>}
      {corpora.data && corpora.data.corpora.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Corpora, with their indexed documents and chunks</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" class="number">
                  Documents
                </th>
                <th scope="col" class="number">
                  Chunks
                </th>
                <th scope="col">Embedding model</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {corpora.data.corpora.map((corpus) => (
                <tr key={corpus.name}>
                  <th scope="row" class="nowrap">
                    <a href={routeHref("corpora", corpus.name)}>{corpus.name}</a>
                  </th>
                  <td class="number">{numberText(corpus.documents)}</td>
                  <td class="number">{numberText(corpus.chunks)}</td>
                  <td class="wrap-anywhere">{corpus.model}</td>
                  <td>{timeText(corpus.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
