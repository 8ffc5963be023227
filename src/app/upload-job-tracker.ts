import type { IndexProgress, IndexSummary } from "../../indexers/index-corpus.ts";
import type { LoadEvent } from "../../indexers/source-document.ts";
import type { UploadJobDocument } from "../db/schema.ts";
import type { UploadJobRecord } from "../db/upload-job-records.ts";

/** How many documents a job lists (its first ones): a JSONL upload may hold hundreds of thousands; counts count all. */
export const listedDocumentsLimit = 1000;

/** The fields of a job's record that change as it runs, but for its documents (the tracker keeps those). */
export type UploadJobChanges = Partial<Omit<UploadJobRecord, "id" | "corpus" | "items">>;

/** A document of the job as the tracker changes it, in place. */
interface Item {
  id: string | null;
  uri: string;
  state: UploadJobDocument["state"];
  reason?: string;
}

/**
 * The live state of a job this process runs, as its record will be written: each document's state follows the
 * events the indexer reads and its summary, and every change a reader can see wakes whoever waits for one (an event
 * stream). Only the first `listedDocumentsLimit` documents are listed (the rest are counted in `unlisted`), and each
 * event finds its document through a map: an upload of 300,000 JSONL records costs no more per record than one of
 * ten documents.
 */
export class UploadJobTracker {
  private fields: Omit<UploadJobRecord, "items">;
  private readonly items: Item[] = [];
  /** Documents the indexer has not read yet, by id and by uri (listed or not). */
  private readonly queuedById = new Map<string, Item>();
  private readonly queuedByUri = new Map<string, Item>();
  /** Listed documents by uri: what a failure of the run's summary names. */
  private readonly listedByUri = new Map<string, Item[]>();
  private waiters: (() => void)[] = [];
  private changes = 0;
  private itemChanges = 0;

  constructor(record: UploadJobRecord) {
    const { items, ...fields } = record;
    this.fields = fields;
    for (const item of items) {
      const copy: Item = { ...item };
      this.add(copy);
      if (copy.state === "queued") {
        if (copy.id !== null) this.queuedById.set(copy.id, copy);
        this.queuedByUri.set(copy.uri, copy);
      }
    }
  }

  get id(): string {
    return this.fields.id;
  }

  get corpus(): string {
    return this.fields.corpus;
  }

  get status(): UploadJobRecord["status"] {
    return this.fields.status;
  }

  /** The record as it stands: a copy, which later changes leave as it is. */
  get record(): UploadJobRecord {
    return { ...this.fields, items: this.items.map((item) => ({ ...item })) };
  }

  /** How many changes there have been: what `changed` waits past. */
  get version(): number {
    return this.changes;
  }

  /** How many times the listed documents have changed: a writer of the record skips them while this stays. */
  get itemsVersion(): number {
    return this.itemChanges;
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
    this.fields = { ...this.fields, ...changes };
    this.wake();
  }

  /** The indexer read a document (it is being indexed) or could not read one (it failed). */
  read(event: LoadEvent): void {
    if (event.kind === "document") {
      const { id, uri } = event.document;
      const queued = this.queuedById.get(id);
      if (queued) {
        this.settle(queued);
        this.rename(queued, uri);
        queued.state = "indexing";
      } else if (!this.add({ id, uri, state: "indexing" })) return;
    } else {
      const queued = this.queuedByUri.get(event.uri);
      if (queued) {
        this.settle(queued);
        Object.assign(queued, { state: "failed", reason: event.reason });
      } else if (!this.add({ id: null, uri: event.uri, state: "failed", reason: event.reason })) return;
    }
    this.itemChanges++;
    this.wake();
  }

  progress(progress: IndexProgress): void {
    this.update(countsOf(progress));
  }

  /**
   * The run is over and its table's full-text index rebuilt: documents it failed are failed, the rest are ready.
   * (A failure the indexer found after reading a document — no text, a duplicate id — names it by its uri.)
   */
  succeed(summary: IndexSummary, finishedAt: string): void {
    for (const failure of summary.failures) {
      const named = this.listedByUri.get(failure.uri) ?? [];
      const item = named.find((candidate) => candidate.state !== "failed");
      if (item) Object.assign(item, { state: "failed", reason: failure.reason });
      // One the run failed that was never read (none is) is listed if there is room; unlisted, it is counted already.
      else if (named.length === 0 && this.items.length < listedDocumentsLimit)
        this.add({ id: null, uri: failure.uri, state: "failed", reason: failure.reason });
    }
    for (const item of this.items) {
      if (item.state === "indexing") item.state = "ready";
      else if (item.state === "queued") Object.assign(item, { state: "failed", reason: "the indexer did not read it" });
    }
    this.itemChanges++;
    this.update({ ...countsOf(summary), runId: summary.jobId, status: "succeeded", finishedAt });
  }

  /** The job failed as a whole: documents not yet ready are failed with the job's reason. */
  fail(error: { code: string; message: string }, finishedAt: string): void {
    const reason = `not indexed: the job failed (${error.code})`;
    for (const item of this.items)
      if (item.state !== "failed" && item.state !== "ready") Object.assign(item, { state: "failed", reason });
    this.itemChanges++;
    this.update({ status: "failed", errorCode: error.code, error: error.message, finishedAt });
  }

  /** Lists a document while fewer than `listedDocumentsLimit` are, else counts it as unlisted; true if listed. */
  private add(item: Item): boolean {
    if (this.items.length >= listedDocumentsLimit) {
      this.fields.unlisted++;
      return false;
    }
    this.items.push(item);
    const named = this.listedByUri.get(item.uri);
    if (named) named.push(item);
    else this.listedByUri.set(item.uri, [item]);
    return true;
  }

  /** A listed document's uri becomes the one the loader gave it. */
  private rename(item: Item, uri: string): void {
    if (item.uri === uri) return;
    const named = this.listedByUri.get(item.uri);
    if (named?.includes(item)) {
      named.splice(named.indexOf(item), 1);
      if (named.length === 0) this.listedByUri.delete(item.uri);
      this.listedByUri.set(uri, [...(this.listedByUri.get(uri) ?? []), item]);
    }
    item.uri = uri;
  }

  /** A queued document the indexer has come to: no longer waiting. */
  private settle(item: Item): void {
    if (item.id !== null) this.queuedById.delete(item.id);
    this.queuedByUri.delete(item.uri);
  }

  private wake(): void {
    this.changes++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
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
