import { findCorpus, insertCorpus, updateCorpus } from "../src/db/corpus-records.ts";
import type { Database } from "../src/db/database.ts";
import { countDocumentsOutsideTable, documentsNotSeenBy } from "../src/db/document-records.ts";
import type { Logger } from "../src/logging/logger.ts";
import type { EmbeddingModel } from "../src/models/embedding-model.ts";
import type { ChunkStore } from "../src/store/chunk-table.ts";
import { EmbeddingModelMismatchError } from "./index-errors.ts";

/**
 * A corpus's versions: each embedding model's vectors live in their own LanceDB table (`NAME-1`, `NAME-2`, ...).
 * Queries read the active table; a re-embed fills the next one and switches when it is complete.
 */

/** Which table this run writes: the corpus's table, or the table a re-embed is filling. Creates the corpus if new. */
export async function targetTable(
  db: Database,
  options: { readonly corpus: string; readonly embeddingModel: EmbeddingModel; readonly reembed?: boolean },
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
export async function completeReembed(
  dependencies: { readonly db: Database; readonly store: ChunkStore },
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
