import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/api-error.ts";
import { api } from "../api/client.ts";
import { useKey } from "../key-context.ts";
import { corpusPath, type DocumentListing, type DocumentPage, type DocumentStatus } from "./corpus-api.ts";

/** The documents shown so far, page after page, and how to show the next page. */
export interface DocumentPages {
  readonly documents: readonly DocumentListing[];
  /** Whether more documents follow the ones shown. */
  readonly more: boolean;
  readonly loading: boolean;
  readonly error: unknown;
  readonly showMore: () => void;
}

const pageSize = 20;

function pagePath(corpus: string, status: DocumentStatus | undefined, after: string | undefined): string {
  const query = new URLSearchParams({ limit: String(pageSize) });
  if (status) query.set("status", status);
  if (after) query.set("after", after);
  return corpusPath(corpus, `/documents?${query}`);
}

/**
 * A corpus's documents (those of one status, if given), a page at a time: the first page again whenever the corpus,
 * the status or `version` changes (after an upload, say), the next one appended on `showMore`.
 */
export function useDocumentPages(corpus: string, status: DocumentStatus | undefined, version: number): DocumentPages {
  const { version: keyVersion, needKey } = useKey();
  const [documents, setDocuments] = useState<readonly DocumentListing[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  // The page to show after, kept with the listing it belongs to: another listing starts from its first page.
  const listing = `${corpus}\n${status ?? ""}\n${version}`;
  const [wanted, setWanted] = useState<{ listing: string; after: string }>();
  const after = wanted?.listing === listing ? wanted.after : undefined;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api
      .get<DocumentPage>(pagePath(corpus, status, after), controller.signal)
      .then((page) => {
        if (controller.signal.aborted) return;
        setDocuments((shown) => (after === undefined ? page.documents : [...shown, ...page.documents]));
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
  }, [corpus, status, after, version, keyVersion, needKey]);

  const showMore = useCallback(() => {
    if (next !== null) setWanted({ listing, after: next });
  }, [listing, next]);
  return { documents, more: next !== null, loading, error, showMore };
}
