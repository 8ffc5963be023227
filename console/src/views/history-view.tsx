import { useEffect, useRef, useState } from "preact/hooks";
import { AskDetail } from "../history/ask-detail.tsx";
import { type AskFilters, noFilters } from "../history/ask-filters.ts";
import { AskList } from "../history/ask-list.tsx";
import { HistoryFilters } from "../history/history-filters.tsx";

/**
 * Stored asks, newest first, filtered by corpus, strategy, experiment and outcome; any one opens (`#/history/{id}`)
 * with its details and its stored trace in the Ask view's trace. The filters stay while an ask is open, and the
 * focus comes back to its link.
 */
export function HistoryView(props: { detail: string | undefined }) {
  const [filters, setFilters] = useState<AskFilters>(noFilters);
  const opened = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (props.detail !== undefined) opened.current = props.detail;
  }, [props.detail]);
  if (props.detail !== undefined) return <AskDetail key={props.detail} id={props.detail} />;
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title" tabIndex={-1}>
        History
      </h1>
      <HistoryFilters filters={filters} onChange={setFilters} />
      <AskList filters={filters} returnTo={opened.current} />
    </section>
  );
}
