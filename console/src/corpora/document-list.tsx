import { useState } from "preact/hooks";
import { ErrorMessage } from "../components/error-message.tsx";
import { numberText, timeText } from "../components/number-text.ts";
import type { DocumentStatus } from "./corpus-api.ts";
import { useDocumentPages } from "./use-document-pages.ts";

const statusBadges: Record<DocumentStatus, string> = { indexed: "badge good", pending: "badge warn" };

/** A corpus's documents with their state (indexed, or pending until every chunk is written), page by page. */
export function DocumentList(props: { corpus: string; version: number }) {
  const [status, setStatus] = useState<DocumentStatus | undefined>(undefined);
  const pages = useDocumentPages(props.corpus, status, props.version);
  return (
    <section class="panel" aria-labelledby="documents-title">
      <div class="panel-heading">
        <h2 id="documents-title">Documents</h2>
        <label class="inline">
          Show
          <select
            value={status ?? ""}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setStatus(value === "indexed" || value === "pending" ? value : undefined);
            }}
          >
            <option value="">all documents</option>
            <option value="indexed">indexed only</option>
            <option value="pending">pending only</option>
          </select>
        </label>
      </div>
      <ErrorMessage error={pages.error} />
      {pages.documents.length === 0 && !pages.loading && pages.error === undefined && (
        <p class="muted">{status === undefined ? "No documents yet: upload some above." : `No ${status} documents.`}</p>
      )}
      {pages.documents.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Documents of {props.corpus}, by id</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Document</th>
                <th scope="col">State</th>
                <th scope="col" class="number">
                  Chunks
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {pages.documents.map((document) => (
                <tr key={document.id}>
                  <th scope="row">{document.title}</th>
                  <td class="uri">{document.uri}</td>
                  <td>
                    <span class={statusBadges[document.status]}>{document.status}</span>
                  </td>
                  <td class="number">{numberText(document.chunkCount)}</td>
                  <td>{timeText(document.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.loading && <p class="loading">Loading documents…</p>}
      {pages.more && !pages.loading && (
        <div class="actions">
          <button type="button" class="secondary" onClick={pages.showMore}>
            Show more documents
          </button>
        </div>
      )}
    </section>
  );
}
