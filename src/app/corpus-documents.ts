import { CorpusNotFoundError } from "../db/corpus-errors.ts";
import { findCorpus } from "../db/corpus-records.ts";
import type { Database } from "../db/database.ts";
import { type DocumentListing, type DocumentListQuery, findDocuments, listDocuments } from "../db/document-records.ts";
import { recentDocumentErrors } from "../db/job-records.ts";
import { type Access, AccessDeniedError, fullAccess, hasScope, requireCorpus } from "./access.ts";
import { relativeToSources } from "./relative-to-sources.ts";

/**
 * A page of a corpus's documents by id; `next` is the last id of the page when more follow (pass it as `after`; the
 * HTTP route hands it to clients as an opaque cursor).
 */
export interface DocumentPage {
  readonly documents: readonly DocumentListing[];
  readonly next: string | null;
}

/** A document (or JSONL line) that an index run of a corpus could not index, and why. */
export interface IndexFailure {
  /** Where it came from, relative to what was indexed (never a server path). */
  readonly uri: string;
  /** The corpus's document of that uri, when it has one (an earlier version of it, say); else null. */
  readonly documentId: string | null;
  readonly title: string | null;
  readonly reason: string;
  /** The index run that recorded it. */
  readonly runId: string;
  /** The upload job of that run (GET /v1/jobs/{id}); null for a run of `recall index`. */
  readonly jobId: string | null;
  /** When the run recorded it. */
  readonly at: string;
}

/**
 * What a corpus holds and what it could not take: its documents page by page, and its latest indexing failures.
 * Reading either needs the search or the index scope and a key that may use the corpus; an unknown corpus is a
 * `CorpusNotFoundError` (404).
 */
export class CorpusDocuments {
  constructor(private readonly db: Database) {}

  /** A page of the corpus's documents by id (see `listDocuments`); `next` says where the following page starts. */
  async list(corpus: string, page: DocumentListQuery, access: Access = fullAccess): Promise<DocumentPage> {
    await this.requireReadable(corpus, access);
    const documents = await listDocuments(this.db, corpus, { ...page, limit: page.limit + 1 });
    const shown = documents.slice(0, page.limit);
    const next = documents.length > page.limit ? (shown.at(-1)?.id ?? null) : null;
    return { documents: shown, next };
  }

  /** The `limit` failures recorded last, the latest first, each with its document when the corpus has it. */
  async failures(corpus: string, limit: number, access: Access = fullAccess): Promise<IndexFailure[]> {
    await this.requireReadable(corpus, access);
    const errors = await recentDocumentErrors(this.db, corpus, limit);
    const shown = errors.map((error) => ({
      ...error,
      uri: relativeToSources(error.uri, error.sources),
      reason: relativeToSources(error.reason, error.sources),
    }));
    // A file's document id is its uri; a JSONL line's failure names a line, not a document.
    const documents = await findDocuments(this.db, corpus, [...new Set(shown.map((failure) => failure.uri))]);
    return shown.map((failure) => {
      const document = documents.get(failure.uri);
      return {
        uri: failure.uri,
        documentId: document?.id ?? null,
        title: document?.title ?? null,
        reason: failure.reason,
        runId: failure.runId,
        jobId: failure.uploadJobId,
        at: failure.createdAt,
      };
    });
  }

  private async requireReadable(corpus: string, access: Access): Promise<void> {
    if (!hasScope(access, "search") && !hasScope(access, "index"))
      throw new AccessDeniedError(
        `This API key lacks the "search" and the "index" scope; reading a corpus's documents needs one. Create a key with --scopes search.`,
      );
    requireCorpus(access, corpus);
    if (!(await findCorpus(this.db, corpus))) throw new CorpusNotFoundError(corpus);
  }
}
