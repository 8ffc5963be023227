import { useCallback, useEffect, useState } from "preact/hooks";
import { useKey } from "../key-context.ts";
import { ApiError } from "./api-error.ts";
import { api } from "./client.ts";

/** A page of a keyset-paged list: `next` is the cursor of the page that follows, null on the last page. */
export interface KeysetPage {
  readonly next: string | null;
}

/** The items shown so far, page after page, and how to show the next page. */
export interface KeysetPages<Item> {
  readonly items: readonly Item[];
  /** Whether more items follow the ones shown. */
  readonly more: boolean;
  readonly loading: boolean;
  readonly error: unknown;
  readonly loadMore: () => void;
}

/** The pages read of one listing, each under the cursor it was read from; asking for a page twice keeps one copy. */
interface ReadPages<Page> {
  readonly listing: string;
  readonly pages: ReadonlyMap<string, Page>;
  /** The cursor that `loadMore` asked for last. */
  readonly wanted: string | undefined;
}

/** The cursor of a listing's first page. */
const firstPage = "";

function withCursor(path: string, name: string, cursor: string): string {
  if (cursor === firstPage) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${name}=${encodeURIComponent(cursor)}`;
}

/**
 * The items of the pages read, in order: the first page's, then those of the page its `next` names, and so on until
 * a page not read yet; `next` is that page's cursor, null when the last page is shown (or a cursor comes back).
 */
function chained<Page extends KeysetPage, Item>(
  pages: ReadonlyMap<string, Page>,
  itemsOf: (page: Page) => readonly Item[],
): { items: Item[]; next: string | null } {
  const items: Item[] = [];
  const read = new Set<string>();
  let cursor: string | null = firstPage;
  while (cursor !== null && !read.has(cursor)) {
    const page = pages.get(cursor);
    if (page === undefined) break;
    read.add(cursor);
    items.push(...itemsOf(page));
    cursor = page.next;
  }
  const ended = cursor === null || read.has(cursor) || read.size === 0;
  return { items, next: ended ? null : cursor };
}

/**
 * A keyset-paged list (GET /v1/asks, a corpus's documents), a page at a time: the first page of `path` whenever
 * `path`, `version` (bumped after an upload, say) or the key change, the next one on `loadMore`, sent with its cursor
 * as the `cursor` parameter. Pages are kept by cursor and the list is rebuilt from them, so that reading a page again
 * never shows its items twice. The list shown last stays until another listing's first page arrives. A 401 opens the
 * key form.
 */
export function useKeysetPages<Page extends KeysetPage, Item>(options: {
  readonly path: string;
  readonly cursor: string;
  readonly items: (page: Page) => readonly Item[];
  readonly version?: number;
}): KeysetPages<Item> {
  const { path, cursor } = options;
  const { version: keyVersion, needKey } = useKey();
  const listing = `${path}\n${options.version ?? 0}\n${keyVersion}`;
  const [read, setRead] = useState<ReadPages<Page>>({ listing, pages: new Map(), wanted: undefined });
  const [status, setStatus] = useState<{ loading: boolean; error: unknown }>({ loading: true, error: undefined });
  // Bumped by `loadMore`, so that a page that failed is asked for again (the effect depends on it for that).
  const [attempt, setAttempt] = useState(0);

  const current = read.listing === listing;
  const toRead =
    !current || !read.pages.has(firstPage)
      ? firstPage
      : read.wanted !== undefined && !read.pages.has(read.wanted)
        ? read.wanted
        : undefined;

  useEffect(() => {
    if (toRead === undefined) return;
    const controller = new AbortController();
    setStatus({ loading: true, error: undefined });
    api
      .get<Page>(withCursor(path, cursor, toRead), controller.signal)
      .then((page) => {
        if (controller.signal.aborted) return;
        setRead((previous) => {
          const same = previous.listing === listing;
          const pages = new Map(same ? previous.pages : []);
          pages.set(toRead, page);
          return { listing, pages, wanted: same ? previous.wanted : undefined };
        });
        setStatus({ loading: false, error: undefined });
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        if (failure instanceof ApiError && failure.needsKey) needKey(failure.message);
        setStatus({ loading: false, error: failure });
      });
    return () => controller.abort();
  }, [listing, path, cursor, toRead, attempt, needKey]);

  const { items, next } = chained(read.pages, options.items);
  const more = current && next !== null;
  const loadMore = useCallback(() => {
    if (next === null) return;
    setRead((previous) => (previous.listing === listing ? { ...previous, wanted: next } : previous));
    setAttempt((count) => count + 1);
  }, [listing, next]);
  return { items, more, loading: status.loading, error: status.error, loadMore };
}
