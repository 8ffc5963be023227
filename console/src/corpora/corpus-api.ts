/**
 * What the corpus routes answer (GET /v1/corpora, documents, failures, jobs, search): the server's own types (types
 * only: nothing of the server is bundled), so that the console cannot drift from them.
 */
import type { Passage, RetrievalMode } from "../../../retrievers/passage.ts";
import type { corpusSummaries } from "../../../src/db/corpus-records.ts";
import type { DocumentListing } from "../../../src/db/document-records.ts";
import type { jobResponse } from "../../../src/server/job-response.ts";

export type { DocumentPage, IndexFailure } from "../../../src/app/corpus-documents.ts";
export type { IndexJobView as IndexJob } from "../../../src/app/index-job-view.ts";
export type { DocumentListing };

/** A corpus of GET /v1/corpora: its embedding model and its indexed documents and chunks. */
export type CorpusSummary = Awaited<ReturnType<typeof corpusSummaries>>[number];

export type DocumentStatus = DocumentListing["status"];

/** The answer to an upload (202) and to GET /v1/jobs/{id}: the job, and where to follow it. */
export type JobResponse = ReturnType<typeof jobResponse>;

/** How a corpus is searched: by vector, by words (BM25), or both fused. */
export type SearchMode = RetrievalMode;

/** The answer of POST /v1/search: the passages found, best first, each with its score. */
export interface SearchResponse {
  readonly corpus: string;
  readonly mode: SearchMode;
  readonly reranked: boolean;
  readonly passages: readonly Passage[];
  /** How many searches of the corpus it made: 1, or more with two hops. */
  readonly searches: number;
  readonly latencyMs: number;
}

/** The path of a corpus's resource: its name encoded. */
export function corpusPath(corpus: string, rest = ""): string {
  return `/v1/corpora/${encodeURIComponent(corpus)}${rest}`;
}
