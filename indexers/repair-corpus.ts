import { randomUUID } from "node:crypto";
import { CorpusNotFoundError } from "../src/db/corpus-errors.ts";
import { findCorpus } from "../src/db/corpus-records.ts";
import { markPending } from "../src/db/document-records.ts";
import type { ChunkCopy, ChunkTable } from "../src/store/chunk-table.ts";
import { type CheckDependencies, type CorpusCheck, corpusCheck, countTables } from "./check-corpus.ts";
import { holdCorpusLease } from "./corpus-lease.ts";
import { exampleLimit, type TableCensus } from "./table-census.ts";

/** Duplicated chunks whose copies are read and thinned together. */
const duplicateBatchSize = 200;

export interface RepairCorpusOptions {
  readonly corpus: string;
  /** How long the writer's lease lasts without renewal (default 30 s), as for an index run. */
  readonly leaseMs?: number;
}

/** What a repair did. */
export interface RepairSummary {
  /** Rows removed so that each chunk id is on one row. */
  readonly surplusRowsRemoved: number;
  readonly orphanRowsDeleted: number;
  /**
   * Documents marked pending, so that the next `recall index` run embeds them again: those missing chunks, and
   * those whose duplicated chunks had copies with different text (which copy is current cannot be told).
   */
  readonly documentsMarkedPending: { readonly count: number; readonly examples: readonly string[] };
}

/** A repair: what the check found under the lease, what was done, and the check after it. */
export interface CorpusRepair {
  readonly found: CorpusCheck;
  readonly repaired: RepairSummary;
  readonly after: CorpusCheck;
}

/**
 * Mends what `checkCorpus` finds, as the corpus's one writer: it takes the corpus's lease (refused with a
 * `CorpusBusyError` while an index run writes), checks again under it, removes the surplus copies of duplicated
 * chunks by their row ids (so the copy kept never leaves the table, even for a moment), deletes orphan rows,
 * marks documents with missing chunks pending for `recall index`, refreshes the full-text index of each table it
 * changed, and checks once more.
 */
export async function repairCorpus(
  dependencies: CheckDependencies,
  options: RepairCorpusOptions,
): Promise<CorpusRepair> {
  const { db } = dependencies;
  const lease = await holdCorpusLease(db, options.corpus, `repair-${randomUUID()}`, options.leaseMs ?? 30_000);
  try {
    const record = await findCorpus(db, options.corpus);
    if (!record) throw new CorpusNotFoundError(options.corpus);
    const tables = await countTables(dependencies, record);
    const found = corpusCheck(record, tables, null);
    let surplusRowsRemoved = 0;
    let orphanRowsDeleted = 0;
    const reembed = new Set<string>();
    for (const { census, table } of tables) {
      for (const id of census.incompleteDocuments()) reembed.add(id);
      if (!table) continue;
      const before = await table.count();
      await deleteOrphans(table, census);
      orphanRowsDeleted += before - (await table.count());
      lease.lost.throwIfAborted();
      const thinned = await thinDuplicates(table, census, lease.lost);
      surplusRowsRemoved += thinned.removed;
      for (const id of thinned.conflicting) reembed.add(id);
      if (before !== (await table.count())) await table.finish();
    }
    lease.lost.throwIfAborted();
    await markPending(db, options.corpus, [...reembed]);
    const after = corpusCheck(record, await countTables(dependencies, record), null);
    return {
      found,
      repaired: {
        surplusRowsRemoved,
        orphanRowsDeleted,
        documentsMarkedPending: { count: reembed.size, examples: [...reembed].slice(0, exampleLimit) },
      },
      after,
    };
  } finally {
    await lease.release();
  }
}

/** Deletes the rows of documents the corpus does not have, and the rows past each document's last chunk. */
async function deleteOrphans(table: ChunkTable, census: TableCensus): Promise<void> {
  await table.deleteDocumentChunks(census.unknownDocuments());
  for (const document of census.documentsPastLastChunk())
    await table.deleteDocumentChunks([document.id], document.chunkCount);
}

/**
 * Leaves one row per duplicated chunk: reads the copies of a batch of chunks (ids and text, no vectors), keeps the
 * first of each and deletes the others by row id. Returns the rows removed, and the documents recorded in this table
 * whose copies disagree.
 */
async function thinDuplicates(
  table: ChunkTable,
  census: TableCensus,
  leaseLost: AbortSignal,
): Promise<{ removed: number; conflicting: Set<string> }> {
  const conflicting = new Set<string>();
  let removed = 0;
  let batch: { id: string; documentId: string }[] = [];
  const thin = async (): Promise<void> => {
    leaseLost.throwIfAborted();
    const byId = new Map<string, ChunkCopy[]>();
    for (const copy of await table.copies(batch.map(({ id }) => id))) {
      const copies = byId.get(copy.id);
      if (copies) copies.push(copy);
      else byId.set(copy.id, [copy]);
    }
    const surplus: ChunkCopy[] = [];
    for (const { id, documentId } of batch) {
      const [kept, ...others] = byId.get(id) ?? [];
      surplus.push(...others);
      if (census.records(documentId) && others.some((copy) => copy.text !== kept?.text)) conflicting.add(documentId);
    }
    removed += await table.deleteCopies(surplus);
    batch = [];
  };
  for (const duplicate of census.duplicates()) {
    batch.push(duplicate);
    if (batch.length >= duplicateBatchSize) await thin();
  }
  if (batch.length > 0) await thin();
  return { removed, conflicting };
}
