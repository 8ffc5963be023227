import { type KeysetPages, useKeysetPages } from "../api/use-keyset-pages.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { plural } from "../components/number-text.ts";
import { AskCards } from "./ask-cards.tsx";
import { type AskFilters, askListPath, noFilters } from "./ask-filters.ts";
import { AskTable } from "./ask-table.tsx";
import type { AskPage, AskSummary } from "./stored-ask.ts";
import { useReturnFocus } from "./use-return-focus.ts";

function asksOf(page: AskPage): readonly AskSummary[] {
  return page.asks;
}

function shown(pages: KeysetPages<AskSummary>, filtered: boolean): string {
  const count = pages.items.length;
  if (count === 0) {
    if (pages.loading) return "Loading the stored asks…";
    if (pages.error !== undefined) return "";
    return filtered ? "No stored ask matches these filters." : "No stored asks yet: ask a question in the Ask view.";
  }
  return `Showing ${plural(count, "ask")}, newest first${pages.more ? "; older ones follow" : ""}.`;
}

/**
 * The stored asks that match the filters, newest first: a table on a wide screen, cards on a phone, each opening the
 * ask; "Load more" reads the next page. `returnTo`: the ask just left, whose link takes the focus.
 */
export function AskList(props: { filters: AskFilters; returnTo: string | undefined }) {
  const path = askListPath(props.filters);
  const pages = useKeysetPages({ path, cursor: "before", items: asksOf });
  const filtered = path !== askListPath(noFilters);
  useReturnFocus(props.returnTo, !pages.loading && pages.items.length > 0);
  const title = filtered ? "Stored asks matching the filters, newest first" : "Stored asks, newest first";
  return (
    <section class="panel ask-list" aria-labelledby="ask-list-title" aria-busy={pages.loading}>
      <h2 id="ask-list-title">Stored asks</h2>
      <p role="status" class="muted">
        {shown(pages, filtered)}
      </p>
      <ErrorMessage error={pages.error} />
      {pages.items.length > 0 && (
        <>
          <AskTable asks={pages.items} caption={title} />
          <AskCards asks={pages.items} label={title} />
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
