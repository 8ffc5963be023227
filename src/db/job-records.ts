import { and, eq } from "drizzle-orm";
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
