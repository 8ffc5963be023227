import { createHash, randomUUID } from "node:crypto";
import { findCorpus, insertCorpus, updateCorpus } from "../src/db/corpus-records.ts";
import type { Database } from "../src/db/database.ts";
import {
  countDocumentsOutsideTable,
  deleteDocuments,
  documentsNotSeenBy,
  findDocuments,
  markIndexed,
  saveDocuments,
  touchDocuments,
} from "../src/db/document-records.ts";
import { finishJob, type JobCounts, recordDocumentErrors, recordJobProgress, startJob } from "../src/db/job-records.ts";
import type { Logger } from "../src/logging/logger.ts";
import { noopLogger } from "../src/logging/logger.ts";
import type { EmbeddingModel } from "../src/models/embedding-model.ts";
import { type ChunkRow, chunkId } from "../src/store/chunk-row.ts";
import type { ChunkStore, ChunkTable } from "../src/store/chunk-table.ts";
import { type Chunk, chunkText } from "./chunker.ts";
import { assertCorpusName, EmbeddingModelMismatchError } from "./index-errors.ts";
import { readSources, type SourceOptions } from "./read-sources.ts";
import type { SourceDocument } from "./source-document.ts";

export interface IndexCorpusOptions {
  readonly corpus: string;
  readonly paths: readonly string[];
  readonly embeddingModel: EmbeddingModel;
  /** Tokens a chunk (default 200). A new value re-chunks every document on the next run. */
  readonly chunkSize?: number;
  /** Tokens shared by neighbouring chunks (default 32). */
  readonly overlap?: number;
  /** Delete documents that are no longer in the sources. */
  readonly prune?: boolean;
  /** Build new vectors (with a new model) in a new table, and switch to it when every document is done. */
  readonly reembed?: boolean;
  readonly sources?: SourceOptions;
  /** Chunks embedded and written together (default 64). */
  readonly batchSize?: number;
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
  /** Set while a re-embed is not complete (some documents were not re-embedded in this run). */
  readonly reembedPending: boolean;
}

interface QueuedChunk {
  readonly document: SourceDocument;
  readonly chunk: Chunk;
  readonly last: boolean;
}

const documentGroupSize = 256;

/**
 * Indexes documents into a corpus: reads the sources as a stream, skips documents whose content is unchanged,
 * chunks and embeds the rest in batches, upserts the chunks into the corpus's LanceDB table, and records the job
 * and every document in SQL. A document is marked indexed only after all its chunks are written, so a run that is
 * killed at any point is finished by running it again. Bad documents are recorded and skipped.
 */
export async function indexCorpus(dependencies: IndexDependencies, options: IndexCorpusOptions): Promise<IndexSummary> {
  const { db, store } = dependencies;
  const logger = dependencies.logger ?? noopLogger;
  assertCorpusName(options.corpus);
  const model = options.embeddingModel;
  const chunkSize = options.chunkSize ?? 200;
  const overlap = options.overlap ?? 32;
  const batchSize = options.batchSize ?? 64;
  const started = performance.now();
  const target = await targetTable(db, options, chunkSize, overlap);
  const table = await store.table(target.table, model.dimensions);

  const jobId = randomUUID();
  const { interrupted } = await startJob(db, jobId, options.corpus, options.paths);
  if (interrupted > 0)
    logger.info(`resuming: ${interrupted} earlier run(s) of corpus ${options.corpus} did not finish`);
  const counts = { documents: 0, chunks: 0, embedded: 0, skipped: 0, failed: 0, pruned: 0 };
  const failures: { uri: string; reason: string }[] = [];
  const seen = new Set<string>();
  const queue: QueuedChunk[] = [];
  let lastRecorded = performance.now();

  const progress = async (): Promise<void> => {
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
  const flush = async (all: boolean): Promise<void> => {
    while (queue.length >= batchSize || (all && queue.length > 0)) {
      const batch = queue.splice(0, batchSize);
      await writeBatch(table, model, batch);
      counts.embedded += batch.length;
      await markIndexed(
        db,
        options.corpus,
        batch.filter((item) => item.last).map((item) => item.document.id),
      );
      await progress();
    }
  };

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
        if (record && record.tableName === target.table && record.chunkCount > chunks.length) {
          await table.deleteDocumentChunks([document.id], chunks.length);
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
        for (const chunk of chunks) queue.push({ document, chunk, last: chunk.index === chunks.length - 1 });
        await flush(false);
      }
      await touchDocuments(db, options.corpus, unchanged, jobId);
      group = [];
      await progress();
    };

    for await (const event of readSources(options.paths, options.sources)) {
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
    await flush(true);

    if (options.prune) {
      const gone = await documentsNotSeenBy(db, options.corpus, jobId);
      await table.deleteDocumentChunks(gone);
      await deleteDocuments(db, options.corpus, gone);
      counts.pruned = gone.length;
    }
    const reembedPending = target.reembedding
      ? !(await completeReembed(dependencies, options.corpus, target.table, model, jobId, logger))
      : false;
    const { vectorIndex } = await table.finish();
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
      reembedPending,
    };
  } catch (error) {
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

/** Which table this run writes: the corpus's table, or the table a re-embed is filling. Creates the corpus if new. */
async function targetTable(
  db: Database,
  options: IndexCorpusOptions,
  chunkSize: number,
  chunkOverlap: number,
): Promise<{ table: string; reembedding: boolean }> {
  const model = options.embeddingModel;
  const corpus = await findCorpus(db, options.corpus);
  if (!corpus) {
    const table = `${options.corpus}-1`;
    await insertCorpus(db, {
      name: options.corpus,
      embeddingModel: model.modelId,
      dimensions: model.dimensions,
      activeTable: table,
      chunkSize,
      chunkOverlap,
    });
    return { table, reembedding: false };
  }
  await updateCorpus(db, options.corpus, { chunkSize, chunkOverlap });
  const sameAsActive = corpus.embeddingModel === model.modelId && corpus.dimensions === model.dimensions;
  const sameAsPending =
    corpus.pendingTable !== null &&
    corpus.pendingModel === model.modelId &&
    corpus.pendingDimensions === model.dimensions;
  if (sameAsPending && corpus.pendingTable) return { table: corpus.pendingTable, reembedding: true };
  if (sameAsActive && !options.reembed) return { table: corpus.activeTable, reembedding: false };
  if (!options.reembed)
    throw new EmbeddingModelMismatchError(
      options.corpus,
      corpus.embeddingModel,
      corpus.dimensions,
      model.modelId,
      model.dimensions,
    );
  const version = Number(/-(\d+)$/.exec(corpus.activeTable)?.[1] ?? "1") + 1;
  const table = `${options.corpus}-${version}`;
  await updateCorpus(db, options.corpus, {
    pendingTable: table,
    pendingModel: model.modelId,
    pendingDimensions: model.dimensions,
  });
  return { table, reembedding: true };
}

/**
 * Switches a corpus to its re-embedded table once every indexed document is in it, then drops the old table.
 * Returns false (and keeps the old table serving) while some documents are still only in the old table.
 */
async function completeReembed(
  dependencies: IndexDependencies,
  corpus: string,
  table: string,
  model: EmbeddingModel,
  jobId: string,
  logger: Logger,
): Promise<boolean> {
  const { db, store } = dependencies;
  const record = await findCorpus(db, corpus);
  if (!record) return false;
  const left = (await documentsNotSeenBy(db, corpus, jobId)).length;
  const remaining = await countDocumentsOutsideTable(db, corpus, table);
  if (remaining > 0) {
    logger.warn(
      `re-embed of ${corpus} is not complete: ${remaining} document(s) are only in ${record.activeTable} (${left} not in this run's sources); run again with all the sources, or with --prune`,
    );
    return false;
  }
  const old = record.activeTable;
  await updateCorpus(db, corpus, {
    activeTable: table,
    embeddingModel: model.modelId,
    dimensions: model.dimensions,
    pendingTable: null,
    pendingModel: null,
    pendingDimensions: null,
  });
  await store.drop(old);
  return true;
}

async function writeBatch(table: ChunkTable, model: EmbeddingModel, batch: readonly QueuedChunk[]): Promise<void> {
  const texts = batch.map(({ document, chunk }) =>
    chunk.text.includes(document.title) ? chunk.text : `${document.title}\n${chunk.text}`,
  );
  const { embeddings } = await model.embed({ texts, kind: "passage" });
  const rows: ChunkRow[] = batch.map(({ document, chunk }, index) => ({
    id: chunkId(document.id, chunk.index),
    document_id: document.id,
    chunk_index: chunk.index,
    title: document.title,
    text: chunk.text,
    search_text: chunk.text.includes(document.title) ? chunk.text : `${document.title}\n${chunk.text}`,
    uri: document.uri,
    start: chunk.start,
    end: chunk.end,
    metadata: JSON.stringify(document.metadata),
    vector: Array.from(embeddings[index] ?? []),
  }));
  await table.upsert(rows);
}

/** Hash of everything that decides a document's chunks: its content and the chunking settings. */
function contentHash(document: SourceDocument, chunkSize: number, overlap: number): string {
  return createHash("sha256")
    .update(JSON.stringify([document.title, document.text, document.metadata, chunkSize, overlap]))
    .digest("hex");
}
