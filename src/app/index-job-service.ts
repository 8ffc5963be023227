import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { holdCorpusLease } from "../../indexers/corpus-lease.ts";
import { CorpusBusyError } from "../../indexers/index-errors.ts";
import { readUploads, type SentDocument, type Upload } from "../../indexers/read-uploads.ts";
import type { LoadEvent } from "../../indexers/source-document.ts";
import { CorpusNotFoundError } from "../db/corpus-errors.ts";
import { findCorpus } from "../db/corpus-records.ts";
import type { Database } from "../db/database.ts";
import { deleteDocuments, findDocuments, markPending } from "../db/document-records.ts";
import type { UploadJobDocument } from "../db/schema.ts";
import { findUploadJob, insertUploadJob, type UploadJobRecord } from "../db/upload-job-records.ts";
import { RecallError } from "../errors/recall-error.ts";
import type { ChunkStore } from "../store/chunk-table.ts";
import { type Access, mayUseCorpus, requireCorpus, requireScope } from "./access.ts";
import { CorpusQueues } from "./corpus-queues.ts";
import type { CorpusService } from "./corpus-service.ts";
import {
  DocumentNotFoundError,
  DuplicateDocumentError,
  JobInterruptedError,
  JobNotFoundError,
} from "./index-job-errors.ts";
import { type IndexJobEvent, type IndexJobView, jobDelta, jobFinished, jobView } from "./index-job-view.ts";
import { interruptedIfOrphaned } from "./orphaned-job.ts";
import { uploadFileName } from "./upload-file-name.ts";
import { type UploadedFile, UploadFolder } from "./upload-folder.ts";
import { UploadJobRecorder } from "./upload-job-recorder.ts";
import { UploadJobTracker } from "./upload-job-tracker.ts";

/** What a client sends to be indexed: files (read by their extension), or documents as JSON; not both empty. */
export interface UploadRequest {
  readonly corpus: string;
  readonly files?: readonly UploadedFile[];
  readonly documents?: readonly Omit<SentDocument, "kind">[];
}

export interface IndexJobServiceParts {
  readonly db: Database;
  readonly store: ChunkStore;
  readonly corpora: CorpusService;
  /** How often a running job's progress is written to SQL, for readers in other processes (default 1,000 ms). */
  readonly recordEveryMs?: number;
  /** How often a stream of a job that another process runs reads its record (default 1,000 ms). */
  readonly pollEveryMs?: number;
  /** The corpus lease of a document delete (default 30 s; renewed while it runs). */
  readonly leaseMs?: number;
}

/**
 * Indexing over HTTP: uploads become jobs that run in this process in the background, one at a time per corpus (a
 * second upload queues behind the first), each an ordinary index run (the corpus's lease, resumable, recorded in
 * index_jobs) fed with what the client sent. A job is recorded in SQL (upload_jobs) as it goes, so that any process
 * can report it; this process also wakes the event streams of its own jobs at every change. A document is `ready`
 * once a search finds it: after its run rebuilt the full-text index and this process's readers moved to the new
 * version. Deleting a document takes the same turn and the same lease as an upload.
 */
export class IndexJobService {
  private readonly live = new Map<string, UploadJobTracker>();
  private readonly queues = new CorpusQueues();
  private readonly folder = new UploadFolder();
  private readonly stopping = new AbortController();
  private closed: Promise<void> | undefined;

  constructor(private readonly parts: IndexJobServiceParts) {}

  /**
   * Checks that the access may upload into the corpus and that it exists: what a server asks before it reads an
   * upload's body, so that a refused upload costs nothing.
   */
  async checkUpload(corpus: string, access: Access): Promise<void> {
    requireScope(access, "index");
    requireCorpus(access, corpus);
    if (this.stopping.signal.aborted) throw new JobInterruptedError();
    if (!(await findCorpus(this.parts.db, corpus))) throw new CorpusNotFoundError(corpus);
  }

  /**
   * Checks an upload (scope, corpus, file names and types, duplicates), stores its files under names the server makes,
   * records the job as queued and queues it. Nothing is indexed when a file is refused.
   */
  async submit(request: UploadRequest, access: Access): Promise<IndexJobView> {
    await this.checkUpload(request.corpus, access);
    const files = (request.files ?? []).map((file) => ({ file, name: uploadFileName(file.name) }));
    const documents = (request.documents ?? []).map((document): SentDocument => ({ ...document, kind: "document" }));
    const seen = new Set<string>();
    for (const id of [...files.map((file) => file.name.id), ...documents.map((document) => document.id)]) {
      if (seen.has(id)) throw new DuplicateDocumentError(id);
      seen.add(id);
    }
    const stored = files.length > 0 ? await this.folder.store(files) : undefined;
    const items: UploadJobDocument[] = [
      ...files
        .filter((file) => file.name.extension !== ".jsonl")
        .map((file): UploadJobDocument => ({ id: file.name.id, uri: file.name.id, state: "queued" })),
      ...documents.map((document): UploadJobDocument => ({ id: document.id, uri: document.id, state: "queued" })),
    ];
    const record: UploadJobRecord = {
      id: randomUUID(),
      corpus: request.corpus,
      status: "queued",
      runId: null,
      documents: 0,
      chunks: 0,
      embedded: 0,
      skipped: 0,
      failed: 0,
      items,
      errorCode: null,
      error: null,
      host: hostname(),
      pid: process.pid,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    try {
      await insertUploadJob(this.parts.db, record);
    } catch (error) {
      if (stored) await this.folder.remove(stored.folder);
      throw error;
    }
    const tracker = new UploadJobTracker(record);
    this.live.set(record.id, tracker);
    const uploads: Upload[] = [...(stored?.uploads ?? []), ...documents];
    this.queues
      .enqueue(request.corpus, record.id, () => this.run(tracker, uploads, access, stored?.folder))
      .catch(() => undefined);
    return jobView(record);
  }

  /** A job as it stands, from this process's live state or from SQL; one of a corpus the key may not use is not found. */
  async get(id: string, access: Access): Promise<IndexJobView> {
    requireScope(access, "index");
    const record = this.live.get(id)?.record ?? (await findUploadJob(this.parts.db, id));
    if (!record || !mayUseCorpus(access, record.corpus)) throw new JobNotFoundError(id);
    return jobView(interruptedIfOrphaned(record));
  }

  /**
   * A job's events: `job-start` with the job as it stands, a `job-delta` at each change (pushed by this process for
   * its own jobs, read from SQL every `pollEveryMs` for another's), and `job-end` with its final state. Checks access
   * before the first event; ends early, without `job-end`, when `abortSignal` aborts.
   */
  async *watch(id: string, access: Access, abortSignal?: AbortSignal): AsyncGenerator<IndexJobEvent> {
    let last = await this.get(id, access);
    yield { type: "job-start", job: last };
    while (!jobFinished(last.status)) {
      const tracker = this.live.get(id);
      if (!tracker) await sleep(this.parts.pollEveryMs ?? 1000, abortSignal);
      else if (!jobDelta(last, jobView(tracker.record)) && !jobFinished(tracker.record.status))
        await tracker.changed(tracker.version, abortSignal);
      if (abortSignal?.aborted) return;
      const next = await this.get(id, access);
      const delta = jobFinished(next.status) ? undefined : jobDelta(last, next);
      if (delta) yield delta;
      last = next;
    }
    yield { type: "job-end", job: last };
  }

  /**
   * Deletes a document: its chunks from every table of the corpus, then its record (marked pending first, so that a
   * delete cut short is finished by an index run rather than leaving a record without chunks). Takes the corpus's
   * turn in this process and its lease: refused with `CorpusBusyError` (409) while a job of the corpus is queued or
   * runs, here or elsewhere.
   */
  async deleteDocument(corpus: string, documentId: string, access: Access): Promise<void> {
    requireScope(access, "index");
    requireCorpus(access, corpus);
    const { db, store } = this.parts;
    if (!(await findCorpus(db, corpus))) throw new CorpusNotFoundError(corpus);
    const busy = this.queues.first(corpus);
    if (busy) throw new CorpusBusyError(corpus, busy, "", "");
    const holder = randomUUID();
    await this.queues.enqueue(corpus, holder, async () => {
      const lease = await holdCorpusLease(db, corpus, holder, this.parts.leaseMs ?? 30_000);
      try {
        const document = (await findDocuments(db, corpus, [documentId])).get(documentId);
        if (!document) throw new DocumentNotFoundError(corpus, documentId);
        const current = await findCorpus(db, corpus);
        const tables = [...new Set([document.tableName, current?.activeTable, current?.pendingTable].filter(isName))];
        await markPending(db, corpus, [documentId]);
        for (const name of tables) await (await store.existingTable(name))?.deleteDocumentChunks([documentId]);
        await deleteDocuments(db, corpus, [documentId]);
        for (const name of tables) await store.refresh(name);
      } finally {
        await lease.release();
      }
    });
  }

  /**
   * Stops: queued jobs fail at once, a running job stops at its next document (what it wrote stays indexed: the same
   * upload again finishes it), and the uploads left are removed. Resolves once every job has ended.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.stopping.abort(new JobInterruptedError());
      await this.queues.idle();
      await this.folder.close();
    })();
    return this.closed;
  }

  /** One job, from its turn to its end; never throws (its failure is its outcome). */
  private async run(
    tracker: UploadJobTracker,
    uploads: readonly Upload[],
    access: Access,
    folder: string | undefined,
  ): Promise<void> {
    const { corpus } = tracker.record;
    const recorder = new UploadJobRecorder(this.parts.db, tracker, this.parts.recordEveryMs ?? 1000);
    try {
      if (this.stopping.signal.aborted) throw new JobInterruptedError();
      tracker.update({ status: "running", startedAt: new Date().toISOString() });
      recorder.record();
      const summary = await this.parts.corpora.index(
        {
          corpus,
          paths: [],
          documents: this.feed(tracker, uploads),
          onProgress: (progress) => {
            tracker.progress(progress);
            recorder.recordSoon();
          },
        },
        access,
      );
      await this.parts.store.refresh(summary.table);
      tracker.succeed(summary, new Date().toISOString());
    } catch (error) {
      tracker.fail(publicError(error), new Date().toISOString());
    } finally {
      recorder.record();
      await recorder.settled();
      this.live.delete(tracker.record.id);
      if (folder) await this.folder.remove(folder).catch(() => undefined);
    }
  }

  /** What the indexer reads: the uploads, each event noted on the job; a shutdown stops it between two. */
  private async *feed(tracker: UploadJobTracker, uploads: readonly Upload[]): AsyncIterable<LoadEvent> {
    for await (const event of readUploads(uploads)) {
      if (this.stopping.signal.aborted) throw new JobInterruptedError();
      tracker.read(event);
      yield event;
    }
  }
}

/** What a client may read of why a job failed: a RecallError's code and client message, else a general one. */
function publicError(error: unknown): { code: string; message: string } {
  if (error instanceof RecallError) return { code: error.code, message: error.clientMessage };
  return {
    code: "internal_error",
    message:
      "The job failed on the server; the error is recorded with its index run. Upload again, and report the job's id if it persists.",
  };
}

function isName(name: string | null | undefined): name is string {
  return typeof name === "string" && name !== "";
}

/** Resolves after `milliseconds`, or at once when `abortSignal` aborts. */
function sleep(milliseconds: number, abortSignal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (abortSignal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      abortSignal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    abortSignal?.addEventListener("abort", done, { once: true });
  });
}
