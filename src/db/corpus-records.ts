import { eq, sql } from "drizzle-orm";
import type { Database } from "./database.ts";
import { corpora, documents, retiredTables } from "./schema.ts";

export type CorpusRecord = typeof corpora.$inferSelect;

export async function findCorpus(db: Database, name: string): Promise<CorpusRecord | undefined> {
  return db.query.corpora.findFirst({ where: eq(corpora.name, name) });
}

export async function listCorpora(db: Database): Promise<CorpusRecord[]> {
  return db.select().from(corpora).orderBy(corpora.name);
}

export async function insertCorpus(db: Database, corpus: typeof corpora.$inferInsert): Promise<CorpusRecord> {
  const [inserted] = await db.insert(corpora).values(corpus).returning();
  if (!inserted) throw new Error(`corpus ${corpus.name} was not inserted`);
  return inserted;
}

export async function updateCorpus(
  db: Database,
  name: string,
  changes: Partial<typeof corpora.$inferInsert>,
): Promise<void> {
  await db
    .update(corpora)
    .set({ ...changes, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` })
    .where(eq(corpora.name, name));
}

/** A corpus's fields with no new version under way. */
export const noPendingVersion = {
  pendingTable: null,
  pendingModel: null,
  pendingDimensions: null,
  pendingSettings: null,
  pendingChunkSize: null,
  pendingChunkOverlap: null,
} as const;

/**
 * Makes a corpus's pending table (a re-embed or re-chunk that is complete) its active one, with the pending model and
 * chunking, and retires the table that served until now: readers that opened it keep reading it until `dropAfter`.
 * One batch, run as one transaction on one connection: every process sees either the old version or the new one,
 * never a mix. (An interactive transaction would hold the database while other statements of this process wait
 * for a connection of their own, which they would get without the busy timeout and fail with SQLITE_BUSY.)
 */
export async function switchToPendingVersion(db: Database, corpus: CorpusRecord, dropAfter: Date): Promise<void> {
  if (corpus.pendingTable === null) throw new Error(`corpus ${corpus.name} has no pending table to switch to`);
  await db.batch([
    db
      .update(corpora)
      .set({
        activeTable: corpus.pendingTable as string,
        embeddingModel: corpus.pendingModel ?? corpus.embeddingModel,
        dimensions: corpus.pendingDimensions ?? corpus.dimensions,
        embeddingSettings: corpus.pendingSettings ?? corpus.embeddingSettings,
        chunkSize: corpus.pendingChunkSize ?? corpus.chunkSize,
        chunkOverlap: corpus.pendingChunkOverlap ?? corpus.chunkOverlap,
        ...noPendingVersion,
        updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
      })
      .where(eq(corpora.name, corpus.name)),
    db
      .insert(retiredTables)
      .values({ name: corpus.activeTable, corpus: corpus.name, dropAfter: dropAfter.toISOString() })
      .onConflictDoUpdate({ target: retiredTables.name, set: { dropAfter: dropAfter.toISOString() } }),
  ]);
}

export async function deleteCorpusRecord(db: Database, name: string): Promise<void> {
  await db.delete(documents).where(eq(documents.corpus, name));
  await db.delete(corpora).where(eq(corpora.name, name));
}

/** Indexed documents and their chunks in a corpus. */
export async function corpusCounts(db: Database, name: string): Promise<{ documents: number; chunks: number }> {
  const [row] = await db
    .select({ documents: sql<number>`count(*)`, chunks: sql<number>`coalesce(sum(${documents.chunkCount}), 0)` })
    .from(documents)
    .where(sql`${documents.corpus} = ${name} and ${documents.status} = 'indexed'`);
  return { documents: Number(row?.documents ?? 0), chunks: Number(row?.chunks ?? 0) };
}

/** Every corpus with its model and its counts of indexed documents and chunks, by name. */
export async function corpusSummaries(db: Database) {
  const summaries = [];
  for (const corpus of await listCorpora(db)) {
    summaries.push({
      name: corpus.name,
      model: corpus.embeddingModel,
      dimensions: corpus.dimensions,
      ...(await corpusCounts(db, corpus.name)),
      updatedAt: corpus.updatedAt,
    });
  }
  return summaries;
}
