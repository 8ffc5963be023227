import { ErrorMessage } from "../components/error-message.tsx";
import { AskCards } from "./ask-cards.tsx";
import { type AskFilters, askListPath, noFilters } from "./ask-filters.ts";
import { AskTable } from "./ask-table.tsx";
import { type AskPages, useAskPages } from "./use-ask-pages.ts";
import { useReturnFocus } from "./use-return-focus.ts";

function shown(pages: AskPages, filtered: boolean): string {
  const count = pages.asks.length;
  if (count === 0) {
    if (pages.loading) return "Loading the stored asks…";
    if (pages.error !== undefined) return "";
    return filtered ? "No stored ask matches these filters." : "No stored asks yet: ask a question in the Ask view.";
  }
  const asks = `${count} ${count === 1 ? "ask" : "asks"}`;
  return `Showing ${asks}, newest first${pages.more ? "; older ones follow" : ""}.`;
}

/**
 * The stored asks that match the filters, newest first: a table on a wide screen, cards on a phone, each opening the
 * ask; "Load more" reads the next page. `returnTo`: the ask just left, whose link takes the focus.
 */
export function AskList(props: { filters: AskFilters; returnTo: string | undefined }) {
  const pages = useAskPages(props.filters);
  const filtered = askListPath(props.filters) !== askListPath(noFilters);
  useReturnFocus(props.returnTo, !pages.loading && pages.asks.length > 0);
  const title = filtered ? "Stored asks matching the filters, newest first" : "Stored asks, newest first";
  return (
    <section class="panel ask-list" aria-labelledby="ask-list-title" aria-busy={pages.loading}>
      <h2 id="ask-list-title">Stored asks</h2>
      <p role="status" class="muted">
        {shown(pages, filtered)}
      </p>
      <ErrorMessage error={pages.error} />
      {pages.asks.length > 0 && (
        <>
          <AskTable asks={pages.asks} caption={title} />
          <AskCards asks={pages.asks} label={title} />
        </>
      )}
      {pages.more && (
        <div class="actions">
          <button type="button" class="secondary" disabled={pages.loading} onClick={pages.loadMore}>
            {pages.loading ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </section>
  );
}
