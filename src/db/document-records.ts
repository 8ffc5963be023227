import { and, asc, eq, gt, inArray, ne, or, sql } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { documents } from "./schema.ts";

export type DocumentRecord = typeof documents.$inferSelect;

/** The stored records of some documents of a corpus, by id. */
export async function findDocuments(
  db: Database,
  corpus: string,
  ids: readonly string[],
): Promise<Map<string, DocumentRecord>> {
  const { documents } = db.tables;
  const found = new Map<string, DocumentRecord>();
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db.orm
      .select()
      .from(documents)
      .where(and(eq(documents.corpus, corpus), inArray(documents.id, ids.slice(start, start + 500))));
    for (const row of rows) found.set(row.id, row);
  }
  return found;
}

/** Writes document records, replacing those with the same corpus and id. */
export async function saveDocuments(db: Database, rows: readonly (typeof documents.$inferInsert)[]): Promise<void> {
  const { documents } = db.tables;
  for (let start = 0; start < rows.length; start += 200) {
    const slice = rows.slice(start, start + 200);
    if (slice.length === 0) continue;
    await db.orm
      .insert(documents)
      .values(slice)
      .onConflictDoUpdate({
        target: [documents.corpus, documents.id],
        set: {
          uri: sqlExcluded("uri"),
          title: sqlExcluded("title"),
          contentHash: sqlExcluded("content_hash"),
          tableName: sqlExcluded("table_name"),
          status: sqlExcluded("status"),
          chunkCount: sqlExcluded("chunk_count"),
          jobId: sqlExcluded("job_id"),
          updatedAt: sqlExcluded("updated_at"),
        },
      });
  }
}

/** Marks documents as seen by a job (so that --prune keeps them) without rewriting them. */
export async function touchDocuments(
  db: Database,
  corpus: string,
  ids: readonly string[],
  jobId: string,
): Promise<void> {
  const { documents } = db.tables;
  for (let start = 0; start < ids.length; start += 500) {
    await db.orm
      .update(documents)
      .set({ jobId })
      .where(and(eq(documents.corpus, corpus), inArray(documents.id, ids.slice(start, start + 500))));
  }
}

export async function markIndexed(db: Database, corpus: string, ids: readonly string[]): Promise<void> {
  const { documents } = db.tables;
  for (let start = 0; start < ids.length; start += 500) {
    await db.orm
      .update(documents)
      .set({ status: "indexed" })
      .where(and(eq(documents.corpus, corpus), inArray(documents.id, ids.slice(start, start + 500))));
  }
}

/** Marks documents as not (fully) written, so that the next index run embeds them again whatever their hash. */
export async function markPending(db: Database, corpus: string, ids: readonly string[]): Promise<void> {
  const { documents } = db.tables;
  for (let start = 0; start < ids.length; start += 500) {
    await db.orm
      .update(documents)
      .set({ status: "pending" })
      .where(and(eq(documents.corpus, corpus), inArray(documents.id, ids.slice(start, start + 500))));
  }
}

/** A document of a corpus as a list shows it: no hash, no table, no job. */
export type DocumentListing = Pick<DocumentRecord, "id" | "title" | "uri" | "status" | "chunkCount" | "updatedAt">;

/** Which page of a corpus's documents to list: those of one status (all when left out), at most `limit`, after `after`. */
export interface DocumentListQuery {
  readonly status?: DocumentRecord["status"] | undefined;
  /** The id the page starts after. */
  readonly after?: string | undefined;
  readonly limit: number;
}

/**
 * A page of a corpus's documents in the order of their ids (the primary key's), those of one status when `status` is
 * given: at most `limit`, with ids after `after` (a keyset page: documents added meanwhile never repeat one).
 */
export async function listDocuments(db: Database, corpus: string, page: DocumentListQuery): Promise<DocumentListing[]> {
  const { documents } = db.tables;
  return db.orm
    .select({
      id: documents.id,
      title: documents.title,
      uri: documents.uri,
      status: documents.status,
      chunkCount: documents.chunkCount,
      updatedAt: documents.updatedAt,
    })
    .from(documents)
    .where(
      and(
        eq(documents.corpus, corpus),
        page.status === undefined ? undefined : eq(documents.status, page.status),
        page.after === undefined ? undefined : gt(documents.id, page.after),
      ),
    )
    .orderBy(asc(documents.id))
    .limit(page.limit);
}

/** Where each document of a corpus has its chunks, and how many: what a check compares a table with. */
export type DocumentPlacement = Pick<DocumentRecord, "id" | "tableName" | "status" | "chunkCount">;

/** Every document of a corpus with its table, status and chunk count (no text, no hashes). */
export async function documentPlacements(db: Database, corpus: string): Promise<DocumentPlacement[]> {
  const { documents } = db.tables;
  return db.orm
    .select({
      id: documents.id,
      tableName: documents.tableName,
      status: documents.status,
      chunkCount: documents.chunkCount,
    })
    .from(documents)
    .where(eq(documents.corpus, corpus));
}

/** Up to `limit` document ids of a corpus, in no set order: a cheap look at what a corpus holds. */
export async function someDocumentIds(db: Database, corpus: string, limit: number): Promise<string[]> {
  const { documents } = db.tables;
  const rows = await db.orm
    .select({ id: documents.id })
    .from(documents)
    .where(eq(documents.corpus, corpus))
    .limit(limit);
  return rows.map((row) => row.id);
}

/** Ids of the documents a job did not see: what --prune removes. */
export async function documentsNotSeenBy(db: Database, corpus: string, jobId: string): Promise<string[]> {
  const { documents } = db.tables;
  const rows = await db.orm
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.corpus, corpus), ne(documents.jobId, jobId)));
  return rows.map((row) => row.id);
}

export async function deleteDocuments(db: Database, corpus: string, ids: readonly string[]): Promise<void> {
  const { documents } = db.tables;
  for (let start = 0; start < ids.length; start += 500) {
    await db.orm
      .delete(documents)
      .where(and(eq(documents.corpus, corpus), inArray(documents.id, ids.slice(start, start + 500))));
  }
}

/**
 * Documents of a corpus not wholly in `table` yet: recorded in another table, or in this one but still pending (a run
 * cut short between recording a document and writing its chunks). What a new version still has to do.
 */
export async function countDocumentsOutsideTable(db: Database, corpus: string, table: string): Promise<number> {
  const { documents } = db.tables;
  return db.orm.$count(
    documents,
    and(eq(documents.corpus, corpus), or(ne(documents.tableName, table), ne(documents.status, "indexed"))),
  );
}

/**
 * Records the documents of table `from` (an abandoned new version) as pending in table `to`: the next run indexes
 * them again there, replacing whatever rows they have.
 */
export async function returnDocuments(db: Database, corpus: string, from: string, to: string): Promise<void> {
  const { documents } = db.tables;
  await db.orm
    .update(documents)
    .set({ tableName: to, status: "pending" })
    .where(and(eq(documents.corpus, corpus), eq(documents.tableName, from)));
}

/** The value an upsert tried to insert, for the conflict's update. */
function sqlExcluded(column: string) {
  return sql.raw(`excluded.${column}`);
}
