import { useState } from "preact/hooks";
import { useKeysetPages } from "../api/use-keyset-pages.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { numberText, timeText } from "../components/number-text.ts";
import { corpusPath, type DocumentListing, type DocumentPage, type DocumentStatus } from "./corpus-api.ts";

const statusBadges: Record<DocumentStatus, string> = { indexed: "badge good", pending: "badge warn" };

const pageSize = 20;

/** The first page of a corpus's documents, those of one status if given. */
function documentsPath(corpus: string, status: DocumentStatus | undefined): string {
  const query = new URLSearchParams({ limit: String(pageSize) });
  if (status) query.set("status", status);
  return corpusPath(corpus, `/documents?${query}`);
}

function documentsOf(page: DocumentPage): readonly DocumentListing[] {
  return page.documents;
}

/**
 * A corpus's documents with their state (indexed, or pending until every chunk is written), page by page; from the
 * first page again when `version` changes (after an upload).
 */
export function DocumentList(props: { corpus: string; version: number }) {
  const [status, setStatus] = useState<DocumentStatus | undefined>(undefined);
  const pages = useKeysetPages({
    path: documentsPath(props.corpus, status),
    cursor: "after",
    items: documentsOf,
    version: props.version,
  });
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
      {pages.items.length === 0 && !pages.loading && pages.error === undefined && (
        <p class="muted">{status === undefined ? "No documents yet: upload some above." : `No ${status} documents.`}</p>
      )}
      {pages.items.length > 0 && (
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
              {pages.items.map((document) => (
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
          <button type="button" class="secondary" onClick={pages.loadMore}>
            Show more documents
          </button>
        </div>
      )}
    </section>
  );
}
