import type { IndexProgress, IndexSummary } from "../../indexers/index-corpus.ts";
import type { LoadEvent } from "../../indexers/source-document.ts";
import type { UploadJobDocument } from "../db/schema.ts";
import type { UploadJobRecord } from "../db/upload-job-records.ts";

/** The fields of a job's record that change as it runs. */
export type UploadJobChanges = Partial<Omit<UploadJobRecord, "id" | "corpus">>;

/**
 * The live state of a job this process runs, as its record will be written: each document's state follows the
 * events the indexer reads and its summary, and every change wakes whoever waits for one (an event stream).
 */
export class UploadJobTracker {
  private state: UploadJobRecord;
  private waiters: (() => void)[] = [];
  private changes = 0;

  constructor(record: UploadJobRecord) {
    this.state = record;
  }

  get record(): UploadJobRecord {
    return this.state;
  }

  /** How many changes there have been: what `changed` waits past. */
  get version(): number {
    return this.changes;
  }

  /** Resolves once the job has changed after `version` (at once if it has), or when `abortSignal` aborts. */
  changed(version: number, abortSignal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.changes > version || abortSignal?.aborted) return resolve();
      const done = (): void => {
        abortSignal?.removeEventListener("abort", done);
        resolve();
      };
      abortSignal?.addEventListener("abort", done, { once: true });
      this.waiters.push(done);
    });
  }

  update(changes: UploadJobChanges): void {
    this.state = { ...this.state, ...changes };
    this.changes++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The indexer read a document (it is being indexed) or could not read one (it failed). */
  read(event: LoadEvent): void {
    const items = [...this.state.items];
    if (event.kind === "document") {
      const { id, uri } = event.document;
      const index = items.findIndex((item) => item.id === id && item.state === "queued");
      if (index >= 0) items[index] = { id, uri, state: "indexing" };
      else items.push({ id, uri, state: "indexing" });
    } else {
      const index = items.findIndex((item) => item.uri === event.uri && item.state === "queued");
      const failed: UploadJobDocument = {
        id: index >= 0 ? (items[index]?.id ?? null) : null,
        uri: event.uri,
        state: "failed",
        reason: event.reason,
      };
      if (index >= 0) items[index] = failed;
      else items.push(failed);
    }
    this.update({ items });
  }

  progress(progress: IndexProgress): void {
    this.update(countsOf(progress));
  }

  /**
   * The run is over and its table's full-text index rebuilt: documents it failed are failed, the rest are ready.
   * (A failure the indexer found after reading a document — no text, a duplicate id — names it by its uri.)
   */
  succeed(summary: IndexSummary, finishedAt: string): void {
    const items = [...this.state.items];
    for (const failure of summary.failures) {
      const index = items.findIndex((item) => item.uri === failure.uri && item.state !== "failed");
      const known = items.some((item) => item.uri === failure.uri && item.state === "failed");
      const item = items[index];
      if (item) items[index] = { id: item.id, uri: item.uri, state: "failed", reason: failure.reason };
      else if (!known) items.push({ id: null, uri: failure.uri, state: "failed", reason: failure.reason });
    }
    this.update({
      ...countsOf(summary),
      items: items.map((item) =>
        item.state === "failed"
          ? item
          : item.state === "indexing"
            ? { id: item.id, uri: item.uri, state: "ready" }
            : { id: item.id, uri: item.uri, state: "failed", reason: "the indexer did not read it" },
      ),
      runId: summary.jobId,
      status: "succeeded",
      finishedAt,
    });
  }

  /** The job failed as a whole: documents not yet ready are failed with the job's reason. */
  fail(error: { code: string; message: string }, finishedAt: string): void {
    const reason = `not indexed: the job failed (${error.code})`;
    this.update({
      items: this.state.items.map((item) =>
        item.state === "failed" || item.state === "ready"
          ? item
          : { id: item.id, uri: item.uri, state: "failed", reason },
      ),
      status: "failed",
      errorCode: error.code,
      error: error.message,
      finishedAt,
    });
  }
}

function countsOf(progress: IndexProgress): UploadJobChanges {
  return {
    documents: progress.documents,
    chunks: progress.chunks,
    embedded: progress.embedded,
    skipped: progress.skipped,
    failed: progress.failed,
  };
}
