import { eq } from "drizzle-orm";
import type { Database } from "./database.ts";
import { uploadJobs } from "./schema.ts";

export type UploadJobRecord = typeof uploadJobs.$inferSelect;

/** Records a new upload job (queued, or already failed when it could not even be queued). */
export async function insertUploadJob(db: Database, job: typeof uploadJobs.$inferInsert): Promise<void> {
  await db.insert(uploadJobs).values(job);
}

/** Writes a job's status, counts, documents or outcome. */
export async function updateUploadJob(
  db: Database,
  id: string,
  changes: Partial<Omit<typeof uploadJobs.$inferInsert, "id" | "corpus">>,
): Promise<void> {
  await db.update(uploadJobs).set(changes).where(eq(uploadJobs.id, id));
}

export async function findUploadJob(db: Database, id: string): Promise<UploadJobRecord | undefined> {
  return db.query.uploadJobs.findFirst({ where: eq(uploadJobs.id, id) });
}
