import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { indexJobs } from "./schema.ts";

export type JobRecord = typeof indexJobs.$inferSelect;
export type JobCounts = Pick<JobRecord, "documents" | "chunks" | "embedded" | "skipped" | "failed" | "pruned">;

/** Starts a job; jobs of the same corpus still marked running belonged to a process that died. */
export async function startJob(
  db: Database,
  id: string,
  corpus: string,
  sources: readonly string[],
): Promise<{ interrupted: number }> {
  const { indexJobs } = db.tables;
  const stale = await db.orm
    .update(indexJobs)
    .set({ status: "interrupted", error: "the process stopped before the job finished" })
    .where(and(eq(indexJobs.corpus, corpus), eq(indexJobs.status, "running")))
    .returning({ id: indexJobs.id });
  await db.orm.insert(indexJobs).values({ id, corpus, status: "running", sources: [...sources] });
  return { interrupted: stale.length };
}

export async function recordJobProgress(db: Database, id: string, counts: JobCounts): Promise<void> {
  const { indexJobs } = db.tables;
  await db.orm.update(indexJobs).set(counts).where(eq(indexJobs.id, id));
}

export async function finishJob(
  db: Database,
  id: string,
  status: "succeeded" | "failed",
  counts: JobCounts,
  seconds: number,
  error?: string,
): Promise<void> {
  const { indexJobs } = db.tables;
  await db.orm
    .update(indexJobs)
    .set({ ...counts, status, seconds, error: error ?? null, finishedAt: new Date().toISOString() })
    .where(eq(indexJobs.id, id));
}

export async function recordDocumentErrors(
  db: Database,
  jobId: string,
  failures: readonly { uri: string; reason: string }[],
): Promise<void> {
  const { documentErrors } = db.tables;
  for (let start = 0; start < failures.length; start += 200) {
    const slice = failures.slice(start, start + 200);
    if (slice.length > 0) await db.orm.insert(documentErrors).values(slice.map((failure) => ({ jobId, ...failure })));
  }
}

/** A document (or JSONL line) an index run of a corpus could not index, with the run and, for an upload, its job. */
export interface DocumentErrorRecord {
  /** As the run recorded it: a `recall index` run names the path it read (see `IndexJobRecord.sources`). */
  readonly uri: string;
  readonly reason: string;
  /** The index run (index_jobs). */
  readonly runId: string;
  /** The paths the run was given: empty for an upload's run. */
  readonly sources: readonly string[];
  /** The upload job whose run it was (upload_jobs), if one was and it recorded its run. */
  readonly uploadJobId: string | null;
  readonly createdAt: string;
}

/** The `limit` failures recorded last by the index runs of a corpus, the latest first. */
export async function recentDocumentErrors(
  db: Database,
  corpus: string,
  limit: number,
): Promise<DocumentErrorRecord[]> {
  const { documentErrors, indexJobs, uploadJobs } = db.tables;
  const rows = await db.orm
    .select({
      uri: documentErrors.uri,
      reason: documentErrors.reason,
      runId: documentErrors.jobId,
      sources: indexJobs.sources,
      createdAt: documentErrors.createdAt,
    })
    .from(documentErrors)
    .innerJoin(indexJobs, eq(indexJobs.id, documentErrors.jobId))
    .where(eq(indexJobs.corpus, corpus))
    .orderBy(desc(documentErrors.createdAt), desc(documentErrors.id))
    .limit(limit);
  const runIds = [...new Set(rows.map((row) => row.runId))];
  const uploads =
    runIds.length === 0
      ? []
      : await db.orm
          .select({ id: uploadJobs.id, runId: uploadJobs.runId })
          .from(uploadJobs)
          .where(and(eq(uploadJobs.corpus, corpus), inArray(uploadJobs.runId, runIds)));
  const uploadOf = new Map(uploads.map((upload) => [upload.runId, upload.id]));
  return rows.map((row) => ({ ...row, uploadJobId: uploadOf.get(row.runId) ?? null }));
}
