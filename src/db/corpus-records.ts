import { eq, inArray, sql } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { corpora } from "./schema.ts";

export type CorpusRecord = typeof corpora.$inferSelect;

export async function findCorpus(db: Database, name: string): Promise<CorpusRecord | undefined> {
  const { corpora } = db.tables;
  return db.orm.query.corpora.findFirst({ where: eq(corpora.name, name) });
}

export async function listCorpora(db: Database): Promise<CorpusRecord[]> {
  const { corpora } = db.tables;
  return db.orm.select().from(corpora).orderBy(corpora.name);
}

export async function insertCorpus(db: Database, corpus: typeof corpora.$inferInsert): Promise<CorpusRecord> {
  const { corpora } = db.tables;
  const [inserted] = await db.orm.insert(corpora).values(corpus).returning();
  if (!inserted) throw new Error(`corpus ${corpus.name} was not inserted`);
  return inserted;
}

export async function updateCorpus(
  db: Database,
  name: string,
  changes: Partial<typeof corpora.$inferInsert>,
): Promise<void> {
  const { corpora } = db.tables;
  await db.orm
    .update(corpora)
    .set({ ...changes, updatedAt: new Date().toISOString() })
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
 * One transaction: every process sees either the old version or the new one, never a mix.
 */
export async function switchToPendingVersion(db: Database, corpus: CorpusRecord, dropAfter: Date): Promise<void> {
  const { corpora, retiredTables } = db.tables;
  if (corpus.pendingTable === null) throw new Error(`corpus ${corpus.name} has no pending table to switch to`);
  await db.atomically((orm) => [
    orm
      .update(corpora)
      .set({
        activeTable: corpus.pendingTable as string,
        embeddingModel: corpus.pendingModel ?? corpus.embeddingModel,
        dimensions: corpus.pendingDimensions ?? corpus.dimensions,
        embeddingSettings: corpus.pendingSettings ?? corpus.embeddingSettings,
        chunkSize: corpus.pendingChunkSize ?? corpus.chunkSize,
        chunkOverlap: corpus.pendingChunkOverlap ?? corpus.chunkOverlap,
        ...noPendingVersion,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(corpora.name, corpus.name)),
    orm
      .insert(retiredTables)
      .values({ name: corpus.activeTable, corpus: corpus.name, dropAfter: dropAfter.toISOString() })
      .onConflictDoUpdate({ target: retiredTables.name, set: { dropAfter: dropAfter.toISOString() } }),
  ]);
}

/**
 * Deletes a corpus's records, all or none: its documents, its index runs and the failures they recorded (a corpus
 * created later under the same name starts without them), and the corpus itself, which takes its upload jobs along.
 */
export async function deleteCorpusRecord(db: Database, name: string): Promise<void> {
  const { corpora, documents, documentErrors, indexJobs } = db.tables;
  await db.atomically((orm) => [
    orm
      .delete(documentErrors)
      .where(
        inArray(
          documentErrors.jobId,
          orm.select({ id: indexJobs.id }).from(indexJobs).where(eq(indexJobs.corpus, name)),
        ),
      ),
    orm.delete(indexJobs).where(eq(indexJobs.corpus, name)),
    orm.delete(documents).where(eq(documents.corpus, name)),
    orm.delete(corpora).where(eq(corpora.name, name)),
  ]);
}

/** Indexed documents and their chunks in a corpus. */
export async function corpusCounts(db: Database, name: string): Promise<{ documents: number; chunks: number }> {
  const { documents } = db.tables;
  const [row] = await db.orm
    .select({
      documents: sql<number>`count(*)`.mapWith(Number),
      chunks: sql<number>`coalesce(sum(${documents.chunkCount}), 0)`.mapWith(Number),
    })
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
