import { createHash, randomUUID } from "node:crypto";
import { assertCorpusName } from "../src/db/corpus-errors.ts";
import { findCorpus } from "../src/db/corpus-records.ts";
import type { Database } from "../src/db/database.ts";
import {
  deleteDocuments,
  documentsNotSeenBy,
  findDocuments,
  saveDocuments,
  touchDocuments,
} from "../src/db/document-records.ts";
import { finishJob, type JobCounts, recordDocumentErrors, recordJobProgress, startJob } from "../src/db/job-records.ts";
import type { RecordedEmbeddingSettings } from "../src/db/schema.ts";
import type { Logger } from "../src/logging/logger.ts";
import { noopLogger } from "../src/logging/logger.ts";
import type { EmbeddingModel } from "../src/models/embedding-model.ts";
import type { ChunkStore } from "../src/store/chunk-table.ts";
import { ChunkWriter } from "./chunk-writer.ts";
import { chunkText } from "./chunker.ts";
import { holdCorpusLease } from "./corpus-lease.ts";
import {
  completeVersion,
  defaultVersionGraceMs,
  dropRetiredTables,
  recordedChunking,
  targetTable,
} from "./corpus-version.ts";
import { ChunkingChangeError } from "./index-errors.ts";
import { readSources, type SourceOptions } from "./read-sources.ts";
import type { SourceDocument } from "./source-document.ts";

export interface IndexCorpusOptions {
  readonly corpus: string;
  readonly paths: readonly string[];
  readonly embeddingModel: EmbeddingModel;
  /** How to load `embeddingModel` again (no secrets): recorded on the corpus so that a server searches with it. */
  readonly embeddingSettings?: RecordedEmbeddingSettings;
  /** Tokens a chunk: the corpus's own when left out (200 for a new corpus). Another value needs `rechunk`. */
  readonly chunkSize?: number;
  /** Tokens shared by neighbouring chunks: the corpus's own when left out (32 for a new corpus). */
  readonly overlap?: number;
  /**
   * Allow chunking other than the corpus's own: every document is re-chunked and re-embedded into a new version of
   * the corpus, built beside the one that serves and switched to when complete.
   */
  readonly rechunk?: boolean;
  /** How long the writer's lease lasts without renewal (default 30 s): a killed run blocks the corpus this long. */
  readonly leaseMs?: number;
  /** Delete documents that are no longer in the sources. */
  readonly prune?: boolean;
  /** Build new vectors (with a new model) in a new table, and switch to it when every document is done. */
  readonly reembed?: boolean;
  /** How long the version a switch replaces stays readable (default 10 minutes), for readers that opened it. */
  readonly versionGraceMs?: number;
  readonly sources?: SourceOptions;
  /** Documents to index in place of reading `paths` (what a client sent over HTTP, say): read as a stream, in order. */
  readonly documents?: AsyncIterable<import("./source-document.ts").LoadEvent>;
  /** Chunks embedded together (default 64). */
  readonly batchSize?: number;
  /** Rows written to the table together (default 1,024): fewer, larger writes make fewer table versions. */
  readonly writeBatchSize?: number;
  readonly onProgress?: (progress: IndexProgress) => void;
}

export interface IndexDependencies {
  readonly db: Database;
  readonly store: ChunkStore;
  readonly logger?: Logger;
}

export interface IndexProgress extends JobCounts {
  readonly seconds: number;
}

export interface IndexSummary extends IndexProgress {
  readonly jobId: string;
  readonly corpus: string;
  readonly table: string;
  readonly failures: readonly { readonly uri: string; readonly reason: string }[];
  readonly vectorIndex: boolean;
  /** Set while a new version (re-embed or re-chunk) is not complete: the old one still serves. */
  readonly versionPending: boolean;
}

const documentGroupSize = 256;

/**
 * Indexes documents into a corpus: reads the sources as a stream, skips documents whose content is unchanged,
 * chunks and embeds the rest in batches, upserts the chunks into the corpus's LanceDB table, and records the job
 * and every document in SQL. A document is marked indexed only after all its chunks are written, so a run that is
 * killed at any point is finished by running it again. Bad documents are recorded and skipped. One run writes a
 * corpus at a time: it holds the corpus's lease in SQL, and a second run is refused with a `CorpusBusyError`.
 */
/** New corpora's chunking, when the run names none. */
export const defaultChunking = { chunkSize: 200, overlap: 32 } as const;

/**
 * The chunking a run uses: what it names, else the corpus's own (a corpus remembers how it was chunked), else the
 * defaults. Naming other chunking than an existing corpus's needs `rechunk`, because it re-chunks every document.
 */
async function chunkingOf(db: Database, options: IndexCorpusOptions): Promise<{ chunkSize: number; overlap: number }> {
  const corpus = await findCorpus(db, options.corpus);
  const recorded = recordedChunking(corpus) ?? defaultChunking;
  const requested = {
    chunkSize: options.chunkSize ?? recorded.chunkSize,
    overlap: options.overlap ?? recorded.overlap,
  };
  const changed = requested.chunkSize !== recorded.chunkSize || requested.overlap !== recorded.overlap;
  if (corpus && changed && !options.rechunk) throw new ChunkingChangeError(options.corpus, recorded, requested);
  return requested;
}

export async function indexCorpus(dependencies: IndexDependencies, options: IndexCorpusOptions): Promise<IndexSummary> {
  assertCorpusName(options.corpus);
  const jobId = randomUUID();
  const lease = await holdCorpusLease(dependencies.db, options.corpus, jobId, options.leaseMs ?? 30_000);
  try {
    return await indexAsWriter(dependencies, options, jobId, lease.lost);
  } finally {
    await lease.release();
  }
}

/** The indexing itself, by the job that holds the corpus's lease. */
async function indexAsWriter(
  dependencies: IndexDependencies,
  options: IndexCorpusOptions,
  jobId: string,
  leaseLost: AbortSignal,
): Promise<IndexSummary> {
  const { db, store } = dependencies;
  const logger = dependencies.logger ?? noopLogger;
  const model = options.embeddingModel;
  const { chunkSize, overlap } = await chunkingOf(db, options);
  const batchSize = options.batchSize ?? 64;
  const started = performance.now();
  await dropRetiredTables(dependencies, { corpus: options.corpus }).catch((error: unknown) =>
    logger.warn(`could not drop replaced versions of ${options.corpus} yet: ${messageOf(error)}`),
  );
  const target = await targetTable(db, store, options, { chunkSize, overlap });
  if (target.abandoned)
    logger.warn(`dropped ${target.abandoned}: an unfinished new version of ${options.corpus} this run replaces`);
  if (target.building) logger.info(`building ${target.table} beside the version that serves ${options.corpus}`);
  const table = await store.table(target.table, model.dimensions);

  const { interrupted } = await startJob(db, jobId, options.corpus, options.paths);
  if (interrupted > 0)
    logger.info(`resuming: ${interrupted} earlier run(s) of corpus ${options.corpus} did not finish`);
  const counts = { documents: 0, chunks: 0, embedded: 0, skipped: 0, failed: 0, pruned: 0 };
  const failures: { uri: string; reason: string }[] = [];
  const seen = new Set<string>();
  let lastRecorded = performance.now();

  const progress = async (): Promise<void> => {
    leaseLost.throwIfAborted();
    options.onProgress?.({ ...counts, seconds: (performance.now() - started) / 1000 });
    if (performance.now() - lastRecorded > 5000) {
      lastRecorded = performance.now();
      await recordJobProgress(db, jobId, counts);
    }
  };
  const fail = (uri: string, reason: string): void => {
    counts.failed++;
    failures.push({ uri, reason });
  };
  const writer = new ChunkWriter({
    table,
    model,
    db,
    corpus: options.corpus,
    embedBatchSize: batchSize,
    writeBatchSize: options.writeBatchSize ?? Math.max(batchSize, 1024),
    onEmbedded: (count) => {
      counts.embedded += count;
      options.onProgress?.({ ...counts, seconds: (performance.now() - started) / 1000 });
    },
  });

  try {
    let group: SourceDocument[] = [];
    const processGroup = async (): Promise<void> => {
      const records = await findDocuments(
        db,
        options.corpus,
        group.map((document) => document.id),
      );
      const unchanged: string[] = [];
      for (const document of group) {
        const hash = contentHash(document, chunkSize, overlap);
        const record = records.get(document.id);
        if (record && record.contentHash === hash && record.status === "indexed" && record.tableName === target.table) {
          counts.skipped++;
          unchanged.push(document.id);
          continue;
        }
        const chunks = await chunkText(document.text, {
          size: chunkSize,
          overlap,
          countTokens: (texts) => model.countTokens(texts),
        });
        if (chunks.length === 0) {
          fail(document.uri, "the document has no text to index");
          continue;
        }
        await saveDocuments(db, [
          {
            corpus: options.corpus,
            id: document.id,
            uri: document.uri,
            title: document.title,
            contentHash: hash,
            tableName: target.table,
            status: "pending",
            chunkCount: chunks.length,
            jobId,
          },
        ]);
        counts.chunks += chunks.length;
        // Fresh: the target table cannot hold a row of it (a new document, or one not yet moved into the new
        // version being built), so its chunks are appended. Otherwise they replace whatever rows it has there, its
        // leftover chunks included, whatever its record says (a run may have died after recording it).
        const fresh = record === undefined || (target.building && record.tableName !== target.table);
        await writer.add(chunks.map((chunk) => ({ document, chunk, last: chunk.index === chunks.length - 1, fresh })));
      }
      await touchDocuments(db, options.corpus, unchanged, jobId);
      group = [];
      await progress();
    };

    for await (const event of options.documents ?? readSources(options.paths, options.sources)) {
      if (event.kind === "failure") {
        fail(event.uri, event.reason);
        continue;
      }
      if (seen.has(event.document.id)) {
        fail(event.document.uri, `duplicate document id "${event.document.id}" (already read in this run)`);
        continue;
      }
      seen.add(event.document.id);
      counts.documents++;
      group.push(event.document);
      if (group.length >= documentGroupSize) await processGroup();
    }
    if (group.length > 0) await processGroup();
    await writer.finish();

    if (options.prune) {
      const gone = await documentsNotSeenBy(db, options.corpus, jobId);
      await table.deleteDocumentChunks(gone);
      await deleteDocuments(db, options.corpus, gone);
      counts.pruned = gone.length;
    }
    const { vectorIndex } = await table.finish();
    const versionPending = target.building
      ? !(await completeVersion(
          db,
          options.corpus,
          target.table,
          jobId,
          logger,
          options.versionGraceMs ?? defaultVersionGraceMs,
        ))
      : false;
    const seconds = (performance.now() - started) / 1000;
    await recordDocumentErrors(db, jobId, failures);
    await finishJob(db, jobId, "succeeded", counts, seconds);
    return {
      ...counts,
      seconds,
      jobId,
      corpus: options.corpus,
      table: target.table,
      failures,
      vectorIndex,
      versionPending,
    };
  } catch (error) {
    // The lease is released after this: no write of this run may still be under way by then.
    await writer.abandon();
    await recordDocumentErrors(db, jobId, failures);
    await finishJob(
      db,
      jobId,
      "failed",
      counts,
      (performance.now() - started) / 1000,
      error instanceof Error ? error.message : String(error),
    );
    throw error;
  }
}

/** Hash of everything that decides a document's chunks: its content and the chunking settings. */
function contentHash(document: SourceDocument, chunkSize: number, overlap: number): string {
  return createHash("sha256")
    .update(JSON.stringify([document.title, document.text, document.metadata, chunkSize, overlap]))
    .digest("hex");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
