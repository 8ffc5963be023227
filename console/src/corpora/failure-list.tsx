import { useApi } from "../api/use-api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { timeText } from "../components/number-text.ts";
import { corpusPath, type IndexFailure } from "./corpus-api.ts";

/**
 * The latest documents that the corpus's index runs (uploads and `recall index`) could not index, and why. Read once:
 * give it a new `key` to read them again (after an upload).
 */
export function FailureList(props: { corpus: string }) {
  const failures = useApi<{ failures: IndexFailure[] }>(corpusPath(props.corpus, "/failures?limit=50"));
  const shown = failures.data?.failures ?? [];
  return (
    <section class="panel" aria-labelledby="failures-title">
      <h2 id="failures-title">Failures</h2>
      <ErrorMessage error={failures.error} />
      {failures.data && shown.length === 0 && <p class="muted">Every document sent so far was indexed.</p>}
      {shown.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Documents that could not be indexed, the latest first</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Reason</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((failure) => (
                <tr key={`${failure.runId} ${failure.uri}`}>
                  <th scope="row" class="uri">
                    {failure.title ?? failure.uri}
                    {failure.title !== null && <span class="muted block">{failure.uri}</span>}
                  </th>
                  <td>{failure.reason}</td>
                  <td>{timeText(failure.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
