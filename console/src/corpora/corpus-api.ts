/** What the corpus routes answer, as the console reads it (GET /v1/corpora, documents, failures, jobs, search). */

/** A corpus of GET /v1/corpora: its embedding model and its indexed documents and chunks. */
export interface CorpusSummary {
  readonly name: string;
  readonly model: string;
  readonly dimensions: number;
  readonly documents: number;
  readonly chunks: number;
  readonly updatedAt: string;
}

export type DocumentStatus = "indexed" | "pending";

/** A document of GET /v1/corpora/{name}/documents. */
export interface DocumentListing {
  readonly id: string;
  readonly title: string;
  readonly uri: string;
  readonly status: DocumentStatus;
  readonly chunkCount: number;
  readonly updatedAt: string;
}

/** A page of documents; `next` goes in `after` for the page that follows, null on the last page. */
export interface DocumentPage {
  readonly documents: readonly DocumentListing[];
  readonly next: string | null;
}

/** What an index run could not index (GET /v1/corpora/{name}/failures), the latest first. */
export interface IndexFailure {
  readonly uri: string;
  readonly documentId: string | null;
  readonly title: string | null;
  readonly reason: string;
  readonly runId: string;
  readonly jobId: string | null;
  readonly at: string;
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed";

/** One document of an upload's job; `ready` once a search finds it. */
export interface JobDocument {
  readonly id: string | null;
  readonly uri: string;
  readonly state: "queued" | "indexing" | "ready" | "failed";
  readonly reason?: string;
}

/** An upload's job (GET /v1/jobs/{id}). */
export interface IndexJob {
  readonly id: string;
  readonly corpus: string;
  readonly status: JobStatus;
  readonly counts: {
    readonly documents: number;
    readonly chunks: number;
    readonly embedded: number;
    readonly skipped: number;
    readonly failed: number;
  };
  readonly documents: readonly JobDocument[];
  readonly unlistedDocuments: number;
  readonly failures: readonly { readonly uri: string; readonly reason: string }[];
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** The answer to an upload (202) and to GET /v1/jobs/{id}. */
export interface JobResponse {
  readonly job: IndexJob;
  readonly links: { readonly self: string; readonly events: string };
}

export type SearchMode = "dense" | "full-text" | "hybrid";

/** A passage that a search found, with its score (comparable only within one search). */
export interface SearchPassage {
  readonly chunkId: string;
  readonly documentId: string;
  readonly title: string;
  readonly text: string;
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  readonly retriever: string;
  readonly reranked: boolean;
}

/** The answer of POST /v1/search. */
export interface SearchResponse {
  readonly corpus: string;
  readonly mode: SearchMode;
  readonly reranked: boolean;
  readonly passages: readonly SearchPassage[];
  readonly latencyMs: number;
}

/** The path of a corpus's resource: its name encoded. */
export function corpusPath(corpus: string, rest = ""): string {
  return `/v1/corpora/${encodeURIComponent(corpus)}${rest}`;
}
