import { findCorpus } from "../src/db/corpus-records.ts";
import type { Database } from "../src/db/database.ts";
import { deleteDocuments, findDocuments, markPending } from "../src/db/document-records.ts";
import type { ChunkStore } from "../src/store/chunk-table.ts";

export interface DeleteCorpusDocumentsOptions {
  readonly corpus: string;
  /** The documents to delete; those the corpus does not have are left out of the result. */
  readonly ids: readonly string[];
}

/**
 * Deletes documents from a corpus: their chunks from every table that may hold them (each document's own, and the
 * corpus's active and pending versions), then their records. They are marked pending first, so that a delete cut
 * short is finished by the next index run instead of leaving a record without chunks; this process's readers of the
 * tables then move to the new table versions, so that its searches no longer find them. The caller holds the
 * corpus's lease (`holdCorpusLease`): it writes the corpus. Returns the ids it deleted, those the corpus had.
 */
export async function deleteCorpusDocuments(
  dependencies: { readonly db: Database; readonly store: ChunkStore },
  options: DeleteCorpusDocumentsOptions,
): Promise<string[]> {
  const { db, store } = dependencies;
  const { corpus } = options;
  const records = [...(await findDocuments(db, corpus, options.ids)).values()];
  if (records.length === 0) return [];
  const ids = records.map((record) => record.id);
  const current = await findCorpus(db, corpus);
  const names = [...records.map((record) => record.tableName), current?.activeTable, current?.pendingTable];
  const tables = new Set(names.filter((name): name is string => typeof name === "string" && name !== ""));
  await markPending(db, corpus, ids);
  for (const name of tables) await (await store.existingTable(name))?.deleteDocumentChunks(ids);
  await deleteDocuments(db, corpus, ids);
  for (const name of tables) await store.refresh(name);
  return ids;
}
