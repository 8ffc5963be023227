import { ErrorMessage } from "../components/error-message.tsx";
import { numberText, timeText } from "../components/number-text.ts";
import { routeHref } from "../routing.ts";
import { useCorpora } from "./use-corpora.ts";

/** Every corpus this key may use and the server can search, with its model and indexed counts. */
export function CorpusList() {
  const { corpora, error, loading } = useCorpora();
  return (
    <section class="panel" aria-labelledby="corpus-list-title">
      <h2 id="corpus-list-title">All corpora</h2>
      <ErrorMessage error={error} />
      {corpora === undefined && loading && <p class="loading">Loading the corpora…</p>}
      {corpora?.length === 0 && <p class="muted">No corpus yet: create one below.</p>}
      {corpora && corpora.length > 0 && (
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
              {corpora.map((corpus) => (
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
