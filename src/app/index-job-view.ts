import type { UploadJobDocument } from "../db/schema.ts";
import type { UploadJobRecord } from "../db/upload-job-records.ts";

export type IndexJobStatus = UploadJobRecord["status"];

/** What the indexing of an upload has done so far. */
export interface IndexJobCounts {
  /** Documents read. */
  readonly documents: number;
  /** Chunks of the documents that changed. */
  readonly chunks: number;
  /** Chunks embedded so far. */
  readonly embedded: number;
  /** Documents unchanged since they were last indexed: nothing to do. */
  readonly skipped: number;
  readonly failed: number;
}

/** An upload's job as a client reads it (GET /v1/jobs/{id}, and the first and last events of its stream). */
export interface IndexJobView {
  readonly id: string;
  readonly corpus: string;
  /** queued → running → succeeded or failed. `succeeded` may have failed documents: see `failures`. */
  readonly status: IndexJobStatus;
  readonly counts: IndexJobCounts;
  /** Each document's state, for the job's first 1,000 documents; `ready` once a search finds it. */
  readonly documents: readonly UploadJobDocument[];
  /** Documents past the first 1,000, which `documents` and `failures` leave out (`counts` counts them). */
  readonly unlistedDocuments: number;
  /** The documents (or JSONL lines) that could not be indexed, and why: those of `documents`. */
  readonly failures: readonly { readonly uri: string; readonly reason: string }[];
  /** Why the job failed as a whole; null unless `status` is `failed`. */
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** What a job's event stream (GET /v1/jobs/{id}/events) sends: the whole job first and last, what changed between. */
export type IndexJobEvent =
  | { readonly type: "job-start"; readonly job: IndexJobView }
  | {
      readonly type: "job-delta";
      readonly status: IndexJobStatus;
      readonly counts: IndexJobCounts;
      /** The documents that are new or changed since the last event (a document is named by its id and uri). */
      readonly documents: readonly UploadJobDocument[];
    }
  | { readonly type: "job-end"; readonly job: IndexJobView };

/** Whether a job is over. */
export function jobFinished(status: IndexJobStatus): boolean {
  return status === "succeeded" || status === "failed";
}

/** A job record as a client reads it. */
export function jobView(record: UploadJobRecord): IndexJobView {
  return {
    id: record.id,
    corpus: record.corpus,
    status: record.status,
    counts: {
      documents: record.documents,
      chunks: record.chunks,
      embedded: record.embedded,
      skipped: record.skipped,
      failed: record.failed,
    },
    documents: record.items,
    unlistedDocuments: record.unlisted,
    failures: record.items.flatMap((item) =>
      item.state === "failed" ? [{ uri: item.uri, reason: item.reason ?? "not indexed" }] : [],
    ),
    error: record.errorCode === null ? null : { code: record.errorCode, message: record.error ?? "" },
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
  };
}

/**
 * What changed from one view of a job to the next, as a `job-delta`; undefined when nothing did. A job's documents
 * are only ever added or changed in place, never removed, so a document is compared with the one at its place.
 */
export function jobDelta(previous: IndexJobView, next: IndexJobView): IndexJobEvent | undefined {
  const documents = next.documents.filter((item, index) => {
    const before = previous.documents[index];
    return before === undefined || before.state !== item.state || before.reason !== item.reason;
  });
  const countsChanged = (Object.keys(next.counts) as (keyof IndexJobCounts)[]).some(
    (key) => next.counts[key] !== previous.counts[key],
  );
  if (documents.length === 0 && !countsChanged && next.status === previous.status) return undefined;
  return { type: "job-delta", status: next.status, counts: next.counts, documents };
}
