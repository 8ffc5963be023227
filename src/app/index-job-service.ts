import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { holdCorpusLease } from "../../indexers/corpus-lease.ts";
import { deleteCorpusDocuments } from "../../indexers/delete-corpus-documents.ts";
import { CorpusBusyError } from "../../indexers/index-errors.ts";
import { readUploads, type SentDocument, type Upload } from "../../indexers/read-uploads.ts";
import type { LoadEvent } from "../../indexers/source-document.ts";
import { CorpusNotFoundError } from "../db/corpus-errors.ts";
import { findCorpus } from "../db/corpus-records.ts";
import type { Database } from "../db/database.ts";
import type { UploadJobDocument } from "../db/schema.ts";
import {
  beatUploadJobs,
  claimUploadJob,
  findUploadJob,
  forgetUploadJobInputs,
  insertUploadJob,
  type UploadJobRecord,
  unfinishedJobsOfOthers,
  uploadJobInputsOf,
} from "../db/upload-job-records.ts";
import { RecallError } from "../errors/recall-error.ts";
import { type Logger, noopLogger } from "../logging/logger.ts";
import { withoutQueryParameters } from "../logging/without-query-parameters.ts";
import type { ChunkStore } from "../store/chunk-table.ts";
import { processInstanceId } from "../util/process-instance-id.ts";
import { settlesWithin } from "../util/settles-within.ts";
import { type Access, fullAccess, mayUseCorpus, requireCorpus, requireScope } from "./access.ts";
import { CorpusQueues } from "./corpus-queues.ts";
import type { CorpusService } from "./corpus-service.ts";
import {
  CorpusRebuildingError,
  DocumentNotFoundError,
  DuplicateDocumentError,
  JobInterruptedError,
  JobNotFoundError,
  UploadQueueFullError,
} from "./index-job-errors.ts";
import { type IndexJobEvent, type IndexJobView, jobDelta, jobFinished, jobView } from "./index-job-view.ts";
import { abandoned, interruptedIfOrphaned } from "./orphaned-job.ts";
import { uploadFileName } from "./upload-file-name.ts";
import { type UploadedFile, UploadFolder } from "./upload-folder.ts";
import { contentOf, inputsOf, type UploadJobContent } from "./upload-job-inputs.ts";
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
  /** Upload jobs that may wait behind the running one, per corpus (server.limits.queuedUploadJobs; default 8). */
  readonly queuedJobsPerCorpus?: number;
  /** How long `close` waits for a running job (server.shutdownGraceMs; default 10,000 ms). */
  readonly shutdownGraceMs?: number;
  /** How often this process records that it still runs its jobs (corpora.jobHeartbeatMs; default 5,000 ms). */
  readonly heartbeatMs?: number;
  /** How old another process's heartbeat may get before its jobs are taken over (corpora.jobTakeoverMs; 60,000 ms). */
  readonly takeoverMs?: number;
}

/**
 * Indexing over HTTP: uploads become jobs that run in this process in the background, one at a time per corpus (a
 * second upload queues behind the first), each an ordinary index run (the corpus's lease, resumable, recorded in
 * index_jobs) fed with what the client sent. A job is recorded in SQL (upload_jobs) as it goes, so that any process
 * can report it; this process also wakes the event streams of its own jobs at every change. A document is `ready`
 * once a search finds it: after its run rebuilt the full-text index and this process's readers moved to the new
 * version. Deleting a document takes the same turn and the same lease as an upload. A corpus building a new version
 * (a re-embed or re-chunk) takes neither until it is switched to: what it took would land only in the new version.
 *
 * What was uploaded is kept in SQL until the job ends, and the process records a heartbeat for its jobs while they
 * wait or run: a server that `watchForAbandonedJobs` takes over the jobs of a process that died (on its machine) or
 * stopped beating (elsewhere), and runs them again from the start (what was indexed already is skipped by its hash).
 */
export class IndexJobService {
  private readonly live = new Map<string, UploadJobTracker>();
  private readonly queues = new CorpusQueues();
  private readonly folder = new UploadFolder();
  private readonly stopping = new AbortController();
  private closed: Promise<void> | undefined;
  private watching: NodeJS.Timeout | undefined;

  constructor(private readonly parts: IndexJobServiceParts) {}

  /**
   * Checks that the access may upload into the corpus, that it exists and builds no new version, and that its queue
   * has room: what a server asks before it reads an upload's body, so that a refused upload costs nothing.
   */
  async checkUpload(corpus: string, access: Access): Promise<void> {
    requireScope(access, "index");
    requireCorpus(access, corpus);
    if (this.stopping.signal.aborted) throw new JobInterruptedError();
    await this.requireWritable(corpus);
    this.requireQueueRoom(corpus);
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
    const items: UploadJobDocument[] = [
      ...files
        .filter((file) => file.name.extension !== ".jsonl")
        .map((file): UploadJobDocument => ({ id: file.name.id, uri: file.name.id, state: "queued" })),
      ...documents.map((document): UploadJobDocument => ({ id: document.id, uri: document.id, state: "queued" })),
    ];
    // Checked again, and the job counted as queued, with nothing awaited between: uploads at once cannot overfill it.
    this.requireQueueRoom(request.corpus);
    const tracker = new UploadJobTracker(queuedRecord(request.corpus, items));
    this.live.set(tracker.id, tracker);
    try {
      await insertUploadJob(this.parts.db, tracker.record, await inputsOf({ files, documents }));
    } catch (error) {
      this.live.delete(tracker.id);
      throw error;
    }
    this.enqueue(tracker, access);
    return jobView(tracker.record);
  }

  /**
   * Starts recording this process's heartbeat for its jobs, and looking for jobs to take over: at once, then every
   * heartbeat. Stops on `close`. A server calls it; a one-shot command that only reads jobs does not.
   */
  watchForAbandonedJobs(options: { readonly logger?: Logger } = {}): void {
    if (this.watching !== undefined || this.stopping.signal.aborted) return;
    const logger = options.logger ?? noopLogger;
    const everyMs = this.parts.heartbeatMs ?? 5_000;
    const warn = (what: string) => (error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
      logger.warn(`${what}: ${withoutQueryParameters(error instanceof Error ? error.message : String(error))}${cause}`);
    };
    const takeOver = () =>
      this.takeOverAbandonedJobs().then((taken) => {
        if (taken.length > 0) logger.info("took over upload jobs whose server stopped", { jobs: taken });
      }, warn("could not look for upload jobs to take over"));
    const beatAndTakeOver = async () => {
      await beatUploadJobs(this.parts.db, processInstanceId, new Date()).catch(
        warn("could not record the heartbeat of upload jobs"),
      );
      await takeOver();
    };
    void takeOver();
    this.watching = setInterval(beatAndTakeOver, everyMs);
    this.watching.unref();
  }

  /**
   * Takes over every unfinished job of another process that is abandoned (see `abandoned`) and queues it here, run
   * from the start from its kept inputs. Returns the ids of the jobs taken; of servers trying at once, one takes each.
   */
  async takeOverAbandonedJobs(now = new Date()): Promise<string[]> {
    const taken: string[] = [];
    const takeoverMs = this.parts.takeoverMs ?? 60_000;
    for (const record of await unfinishedJobsOfOthers(this.parts.db, processInstanceId)) {
      if (this.stopping.signal.aborted) break;
      if (!abandoned(record, now, takeoverMs)) continue;
      const claimed = await claimUploadJob(this.parts.db, record, thisProcess(), now, startedOver(record));
      if (!claimed) continue;
      const tracker = new UploadJobTracker(claimed);
      this.live.set(tracker.id, tracker);
      this.enqueue(tracker, fullAccess);
      taken.push(record.id);
    }
    return taken;
  }

  /**
   * Queues a recorded job behind the corpus's others. When its turn comes, its inputs are read from SQL and its files
   * stored on disk for the loaders: a waiting job holds nothing in memory.
   */
  private enqueue(tracker: UploadJobTracker, access: Access): void {
    this.queues
      .enqueue(tracker.corpus, tracker.id, async () => {
        let content: UploadJobContent;
        let stored: Awaited<ReturnType<UploadFolder["store"]>> | undefined;
        try {
          content = contentOf(await uploadJobInputsOf(this.parts.db, tracker.id));
          stored = content.files.length > 0 ? await this.folder.store(content.files) : undefined;
        } catch (error) {
          await this.end(tracker, error);
          return;
        }
        const uploads: Upload[] = [...(stored?.uploads ?? []), ...content.documents];
        await this.run(tracker, uploads, access, stored?.folder);
      })
      .catch(() => undefined);
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
      if (!tracker) await pause(this.parts.pollEveryMs ?? 1000, abortSignal);
      else if (!jobDelta(last, jobView(tracker.record)) && !jobFinished(tracker.status))
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
   * Deletes a document (see `deleteCorpusDocuments`). Takes the corpus's turn in this process and its lease: refused
   * with `CorpusBusyError` (409) while a job of the corpus is queued or runs, here or elsewhere, and with
   * `CorpusRebuildingError` (409) while the corpus builds a new version.
   */
  async deleteDocument(corpus: string, documentId: string, access: Access): Promise<void> {
    requireScope(access, "index");
    requireCorpus(access, corpus);
    const { db, store } = this.parts;
    await this.requireWritable(corpus);
    const busy = this.queues.first(corpus);
    if (busy) throw new CorpusBusyError(corpus, busy, "", "");
    const holder = randomUUID();
    await this.queues.enqueue(corpus, holder, async () => {
      const lease = await holdCorpusLease(db, corpus, holder, this.parts.leaseMs ?? 30_000);
      try {
        await this.requireWritable(corpus);
        const deleted = await deleteCorpusDocuments({ db, store }, { corpus, ids: [documentId] });
        if (deleted.length === 0) throw new DocumentNotFoundError(corpus, documentId);
      } finally {
        await lease.release();
      }
    });
  }

  /**
   * Stops: queued jobs fail at once, a running job stops at its next document (what it wrote stays indexed: the same
   * upload again finishes it), and the uploads left are removed. Resolves once every job has ended, or, should one
   * still run after `shutdownGraceMs`, without it: `logger` is told, and its work is resumable (its lease expires,
   * and the same upload again finishes it).
   */
  close(options: { readonly logger?: Logger } = {}): Promise<void> {
    this.closed ??= (async () => {
      this.stopping.abort(new JobInterruptedError());
      clearInterval(this.watching);
      const graceMs = this.parts.shutdownGraceMs ?? 10_000;
      if (!(await settlesWithin(this.queues.idle(), graceMs))) {
        const jobs = [...this.live.values()].filter((tracker) => tracker.status === "running");
        (options.logger ?? noopLogger).warn(
          "index jobs still running when the shutdown grace period ended: stopping without them; what they wrote stays indexed, and uploading the same documents again finishes them",
          { jobs: jobs.map((tracker) => tracker.id), graceMs },
        );
      }
      await this.folder.close();
    })();
    return this.closed;
  }

  /** Refuses a corpus that does not exist (404) or builds a new version (409 `corpus_rebuilding`). */
  private async requireWritable(corpus: string): Promise<void> {
    const record = await findCorpus(this.parts.db, corpus);
    if (!record) throw new CorpusNotFoundError(corpus);
    if (record.pendingTable !== null) throw new CorpusRebuildingError(corpus, record.pendingTable);
  }

  /** Refuses an upload (429) while the corpus has server.limits.queuedUploadJobs jobs waiting. */
  private requireQueueRoom(corpus: string): void {
    const limit = this.parts.queuedJobsPerCorpus ?? 8;
    let waiting = 0;
    for (const tracker of this.live.values()) if (tracker.corpus === corpus && tracker.status === "queued") waiting++;
    if (waiting >= limit) throw new UploadQueueFullError(corpus, limit);
  }

  /** One job, from its turn to its end; never throws (its failure is its outcome). */
  private async run(
    tracker: UploadJobTracker,
    uploads: readonly Upload[],
    access: Access,
    folder: string | undefined,
  ): Promise<void> {
    const { corpus } = tracker;
    const recorder = new UploadJobRecorder(this.parts.db, tracker, this.parts.recordEveryMs ?? 1000);
    try {
      if (this.stopping.signal.aborted) throw new JobInterruptedError();
      // A new version may have begun since the upload was taken.
      await this.requireWritable(corpus);
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
      await this.forget(tracker, recorder);
      if (folder) await this.folder.remove(folder).catch(() => undefined);
    }
  }

  /** Ends a job that failed before it ran (`error`), as `run` ends one. */
  private async end(tracker: UploadJobTracker, error: unknown): Promise<void> {
    tracker.fail(publicError(error), new Date().toISOString());
    const recorder = new UploadJobRecorder(this.parts.db, tracker, 0);
    recorder.record();
    await recorder.settled();
    await this.forget(tracker, recorder);
  }

  /**
   * Lets go of a job that has ended here: its live state, and its inputs in SQL (nobody will run it again), unless
   * another process took it over meanwhile (this one stalled past jobTakeoverMs) and runs it from them.
   */
  private async forget(tracker: UploadJobTracker, recorder: UploadJobRecorder): Promise<void> {
    this.live.delete(tracker.id);
    if (!recorder.lost) await forgetUploadJobInputs(this.parts.db, tracker.id).catch(() => undefined);
  }

  /**
   * What the indexer reads: the uploads, each event noted on the job; a shutdown stops it between two. The indexer
   * asks for the first holding the corpus's lease, its table chosen: a new version begun since the job started would
   * be that table, so the job fails there instead (`corpus_rebuilding`), before anything is written.
   */
  private async *feed(tracker: UploadJobTracker, uploads: readonly Upload[]): AsyncIterable<LoadEvent> {
    await this.requireWritable(tracker.corpus);
    for await (const event of readUploads(uploads)) {
      if (this.stopping.signal.aborted) throw new JobInterruptedError();
      tracker.read(event);
      yield event;
    }
  }
}

/** This process, as the runner of a job. */
function thisProcess() {
  return { processId: processInstanceId, host: hostname(), pid: process.pid };
}

/** What a job's record holds before it starts: queued, nothing counted, no outcome. */
const notStarted = {
  status: "queued",
  runId: null,
  documents: 0,
  chunks: 0,
  embedded: 0,
  skipped: 0,
  failed: 0,
  unlisted: 0,
  errorCode: null,
  error: null,
  startedAt: null,
  finishedAt: null,
} as const;

/** What a taken-over job's record becomes as it starts again: as a new one's, every document queued. */
function startedOver(record: UploadJobRecord) {
  const items = record.items.map((item): UploadJobDocument => ({ id: item.id, uri: item.uri, state: "queued" }));
  return { ...notStarted, items };
}

/** A new job's record: queued, by this process. */
function queuedRecord(corpus: string, items: UploadJobDocument[]): UploadJobRecord {
  const now = new Date().toISOString();
  return { id: randomUUID(), corpus, ...notStarted, items, ...thisProcess(), heartbeatAt: now, createdAt: now };
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

/** Resolves after `milliseconds`, or at once when `abortSignal` aborts. */
async function pause(milliseconds: number, abortSignal?: AbortSignal): Promise<void> {
  await delay(milliseconds, undefined, abortSignal ? { signal: abortSignal } : {}).catch(() => undefined);
}
