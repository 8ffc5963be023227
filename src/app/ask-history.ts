import { type AskListQuery, type AskPosition, findAsk, listAsks } from "../db/ask-records.ts";
import type { Database } from "../db/database.ts";
import { type Access, fullAccess, requireCorpus, requireScope } from "./access.ts";
import { AskNotFoundError } from "./ask-not-found-error.ts";
import { type AskSummary, askSummary, type StoredAsk, storedAsk } from "./ask-views.ts";
import { askVisibility, mayReadAsk } from "./ask-visibility.ts";

/** Which asks to list: the filters of `AskListQuery` that a client chooses, a page size, and where the page starts. */
export type AskListRequest = Omit<AskListQuery, "keyId" | "corpora">;

/** A page of asks, newest first; `next` is where the following page starts, null on the last page. */
export interface AskPage {
  readonly asks: readonly AskSummary[];
  readonly next: AskPosition | null;
}

/**
 * The stored asks, read back: a page of them and one whole. Reading needs the ask scope (or admin); what each access
 * reads is decided by `askVisibility`, and an ask it may not read is not found, as one that does not exist.
 */
export class AskHistory {
  constructor(private readonly db: Database) {}

  /**
   * The asks the access may read that match the request, newest first. Filtering by a corpus the key may not use is
   * refused (`AccessDeniedError`, 403), as reading that corpus's documents is.
   */
  async list(request: AskListRequest, access: Access = fullAccess): Promise<AskPage> {
    requireScope(access, "ask");
    if (request.corpus !== undefined) requireCorpus(access, request.corpus);
    const records = await listAsks(this.db, { ...request, ...askVisibility(access), limit: request.limit + 1 });
    const page = records.slice(0, request.limit);
    const last = page.at(-1);
    const next = records.length > request.limit && last ? { createdAt: last.createdAt, id: last.id } : null;
    return { asks: page.map(askSummary), next };
  }

  /** One ask whole, with its trace; `AskNotFoundError` (404) when there is none the access may read. */
  async get(id: string, access: Access = fullAccess): Promise<StoredAsk> {
    requireScope(access, "ask");
    const record = await findAsk(this.db, id);
    if (!record || !mayReadAsk(access, record)) throw new AskNotFoundError(id);
    return storedAsk(record);
  }
}
