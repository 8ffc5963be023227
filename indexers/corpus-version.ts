import {
  type CorpusRecord,
  findCorpus,
  insertCorpus,
  noPendingVersion,
  switchToPendingVersion,
  updateCorpus,
} from "../src/db/corpus-records.ts";
import type { Database } from "../src/db/database.ts";
import { countDocumentsOutsideTable, documentsNotSeenBy, returnDocuments } from "../src/db/document-records.ts";
import { dueRetiredTables, forgetRetiredTable, retiredTablesOf } from "../src/db/retired-table-records.ts";
import type { RecordedEmbeddingSettings } from "../src/db/schema.ts";
import type { Logger } from "../src/logging/logger.ts";
import type { EmbeddingModel } from "../src/models/embedding-model.ts";
import type { ChunkStore } from "../src/store/chunk-table.ts";
import { EmbeddingModelMismatchError, VersionInProgressError } from "./index-errors.ts";

/**
 * A corpus's versions (blue/green): each version lives in its own LanceDB table (`NAME-1`, `NAME-2`, ...). Queries
 * read the active table. A new embedding model (a re-embed) or new chunking (a re-chunk) fills the next table beside
 * it while the active one serves; when every document is in the new table, one SQL transaction makes it active, and
 * the old table is retired: kept for a grace period, for readers that opened it before the switch, then dropped.
 */

/** How long a replaced version stays readable after the switch, unless configured. */
export const defaultVersionGraceMs = 10 * 60 * 1000;

export interface Chunking {
  readonly chunkSize: number;
  readonly overlap: number;
}

export interface VersionRequest {
  readonly corpus: string;
  readonly embeddingModel: EmbeddingModel;
  /** How to load the model again (recorded with the version it makes). */
  readonly embeddingSettings?: RecordedEmbeddingSettings | undefined;
  readonly reembed?: boolean | undefined;
  /** The run asks for other chunking than the corpus's (it may replace an unfinished version). */
  readonly rechunk?: boolean | undefined;
}

/** The table a run writes, and whether it is a new version being built beside the active one. */
export interface TargetTable {
  readonly table: string;
  readonly building: boolean;
  /** A pending version this run abandoned (its model or chunking is not what this run asks for). */
  readonly abandoned?: string;
}

/**
 * The chunking a corpus is moving to: a pending version's while one is being built (so that a plain run finishes
 * it), else the active version's; undefined for a new corpus.
 */
export function recordedChunking(corpus: CorpusRecord | undefined): Chunking | undefined {
  if (!corpus) return undefined;
  return corpus.pendingTable !== null
    ? {
        chunkSize: corpus.pendingChunkSize ?? corpus.chunkSize,
        overlap: corpus.pendingChunkOverlap ?? corpus.chunkOverlap,
      }
    : { chunkSize: corpus.chunkSize, overlap: corpus.chunkOverlap };
}

/**
 * Which table this run writes: the active one when model and chunking are the active version's, else a new version
 * (needs `reembed` for another model; another chunking was allowed by the caller). Creates the corpus if new.
 */
export async function targetTable(
  db: Database,
  store: ChunkStore,
  request: VersionRequest,
  chunking: Chunking,
): Promise<TargetTable> {
  const model = request.embeddingModel;
  const corpus = await findCorpus(db, request.corpus);
  if (!corpus) {
    const table = `${request.corpus}-1`;
    await insertCorpus(db, {
      name: request.corpus,
      embeddingModel: model.modelId,
      dimensions: model.dimensions,
      embeddingSettings: request.embeddingSettings ?? null,
      activeTable: table,
      chunkSize: chunking.chunkSize,
      chunkOverlap: chunking.overlap,
    });
    return { table, building: false };
  }
  const sameModel = (id: string | null, dimensions: number | null) =>
    id === model.modelId && dimensions === model.dimensions;
  const sameChunking = (size: number | null, overlap: number | null) =>
    size === chunking.chunkSize && overlap === chunking.overlap;
  const pending = corpus.pendingTable;
  if (
    pending !== null &&
    sameModel(corpus.pendingModel, corpus.pendingDimensions) &&
    sameChunking(corpus.pendingChunkSize ?? corpus.chunkSize, corpus.pendingChunkOverlap ?? corpus.chunkOverlap)
  ) {
    return { table: pending, building: true };
  }
  const modelChanged = !sameModel(corpus.embeddingModel, corpus.dimensions);
  if (modelChanged && !request.reembed)
    throw new EmbeddingModelMismatchError(
      request.corpus,
      corpus.embeddingModel,
      corpus.dimensions,
      model.modelId,
      model.dimensions,
    );
  // An unfinished version with other settings is abandoned: SQL first (its documents go back to the active table, to
  // be indexed again; the corpus forgets it), then its table, so that a crash in between leaves nothing pointing at
  // a table that is gone.
  const abandoned = pending ?? undefined;
  if (abandoned !== undefined && !request.reembed && !request.rechunk)
    throw new VersionInProgressError(request.corpus, abandoned);
  const backToActive = !modelChanged && !request.reembed && sameChunking(corpus.chunkSize, corpus.chunkOverlap);
  const table = backToActive ? corpus.activeTable : `${request.corpus}-${await nextVersion(db, corpus)}`;
  if (abandoned !== undefined) await returnDocuments(db, request.corpus, abandoned, corpus.activeTable);
  if (!backToActive) {
    await updateCorpus(db, request.corpus, {
      pendingTable: table,
      pendingModel: model.modelId,
      pendingDimensions: model.dimensions,
      pendingSettings: request.embeddingSettings ?? null,
      pendingChunkSize: chunking.chunkSize,
      pendingChunkOverlap: chunking.overlap,
    });
  } else if (abandoned !== undefined) {
    await clearPending(db, request.corpus);
  }
  if (abandoned !== undefined) await store.drop(abandoned);
  return { table, building: !backToActive, ...(abandoned ? { abandoned } : {}) };
}

async function clearPending(db: Database, corpus: string): Promise<void> {
  await updateCorpus(db, corpus, noPendingVersion);
}

/**
 * One past the highest version the corpus has in use (active, pending, retired), so that a new version never takes
 * the name of a table that may still be read.
 */
async function nextVersion(db: Database, corpus: CorpusRecord): Promise<number> {
  const names = [
    corpus.activeTable,
    corpus.pendingTable,
    ...(await retiredTablesOf(db, corpus.name)).map((t) => t.name),
  ];
  const versions = names.map((name) => Number(/-(\d+)$/.exec(name ?? "")?.[1] ?? "1"));
  return Math.max(...versions) + 1;
}

/**
 * Switches a corpus to its new version once every indexed document is in it, and retires the old table for
 * `graceMs`. Returns false (and keeps the old version serving) while some documents are only in the old table.
 */
export async function completeVersion(
  db: Database,
  corpus: string,
  table: string,
  jobId: string,
  logger: Logger,
  graceMs: number,
): Promise<boolean> {
  const record = await findCorpus(db, corpus);
  if (!record || record.pendingTable !== table) return false;
  const remaining = await countDocumentsOutsideTable(db, corpus, table);
  if (remaining > 0) {
    const left = (await documentsNotSeenBy(db, corpus, jobId)).length;
    logger.warn(
      `the new version of ${corpus} is not complete: ${remaining} document(s) are only in ${record.activeTable} (${left} not in this run's sources); run again with all the sources, or with --prune`,
    );
    return false;
  }
  await switchToPendingVersion(db, record, new Date(Date.now() + graceMs));
  logger.info(
    `${corpus} now serves ${table}; ${record.activeTable} stays readable for ${Math.round(graceMs / 1000)} s, then is dropped`,
  );
  return true;
}

/**
 * Drops the retired tables whose grace period has passed (of one corpus, or of all; every one of the corpus, due or
 * not, with `evenInGrace`, when the corpus itself is deleted); returns their names.
 */
export async function dropRetiredTables(
  dependencies: { readonly db: Database; readonly store: ChunkStore },
  options: { readonly corpus?: string; readonly now?: Date; readonly evenInGrace?: boolean } = {},
): Promise<string[]> {
  const due =
    options.evenInGrace && options.corpus !== undefined
      ? await retiredTablesOf(dependencies.db, options.corpus)
      : await dueRetiredTables(dependencies.db, options.now ?? new Date(), options.corpus);
  for (const retired of due) {
    await dependencies.store.drop(retired.name);
    await forgetRetiredTable(dependencies.db, retired.name);
  }
  return due.map((retired) => retired.name);
}
