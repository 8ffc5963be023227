import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/api-error.ts";
import { api } from "../api/client.ts";
import { useKey } from "../key-context.ts";
import { type AskFilters, askListPath } from "./ask-filters.ts";
import type { AskPage, AskSummary } from "./stored-ask.ts";

/** The stored asks shown so far, page after page, and how to load the next page. */
export interface AskPages {
  readonly asks: readonly AskSummary[];
  /** Whether older asks follow the ones shown. */
  readonly more: boolean;
  readonly loading: boolean;
  readonly error: unknown;
  readonly loadMore: () => void;
}

/**
 * The stored asks that match the filters, newest first, a page at a time: the first page again whenever the filters
 * or the key change, the next one appended on `loadMore`. A 401 opens the key form.
 */
export function useAskPages(filters: AskFilters): AskPages {
  const { version, needKey } = useKey();
  const [asks, setAsks] = useState<readonly AskSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  // The cursor to load from is kept with the listing it belongs to: other filters start from their first page.
  const listing = askListPath(filters);
  const [wanted, setWanted] = useState<{ listing: string; before: string }>();
  const before = wanted?.listing === listing ? wanted.before : undefined;
  const path = before === undefined ? listing : askListPath(filters, before);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api
      .get<AskPage>(path, controller.signal)
      .then((page) => {
        if (controller.signal.aborted) return;
        setAsks((shown) => (before === undefined ? page.asks : [...shown, ...page.asks]));
        setNext(page.next);
        setError(undefined);
        setLoading(false);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        if (failure instanceof ApiError && failure.needsKey) needKey(failure.message);
        setError(failure);
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, before, version, needKey]);

  const loadMore = useCallback(() => {
    if (next !== null) setWanted({ listing, before: next });
  }, [listing, next]);
  return { asks, more: next !== null, loading, error, loadMore };
}
