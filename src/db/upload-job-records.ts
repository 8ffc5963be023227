import { and, asc, eq, exists, inArray, isNull, ne } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { uploadJobInputs, uploadJobs } from "./schema.ts";

export type UploadJobRecord = typeof uploadJobs.$inferSelect;
export type UploadJobInput = Omit<typeof uploadJobInputs.$inferSelect, "jobId">;

/** Who runs a job: a process (its `processId`) on a machine. */
export interface UploadJobOwner {
  readonly processId: string;
  readonly host: string;
  readonly pid: number;
}

const unfinished = ["queued", "running"] as const;

/**
 * Records a new upload job (queued, or already failed when it could not even be queued) with what was uploaded for
 * it, in one transaction: a job is never recorded without its inputs.
 */
export async function insertUploadJob(
  db: Database,
  job: typeof uploadJobs.$inferInsert,
  inputs: readonly UploadJobInput[] = [],
): Promise<void> {
  const { uploadJobs, uploadJobInputs } = db.tables;
  await db.atomically((orm) => [
    orm.insert(uploadJobs).values(job),
    ...inputs.map((input) => orm.insert(uploadJobInputs).values({ jobId: job.id, ...input })),
  ]);
}

/** What may change of a job's record as it runs; its owner changes only by `claimUploadJob`. */
export type UploadJobChanges = Partial<
  Omit<typeof uploadJobs.$inferInsert, "id" | "corpus" | "processId" | "host" | "pid" | "heartbeatAt">
>;

/**
 * Writes a job's status, counts, documents or outcome, if the process `processId` still runs it; false when another
 * process has taken it over meanwhile (its record is then the other's to write).
 */
export async function updateUploadJob(
  db: Database,
  id: string,
  processId: string,
  changes: UploadJobChanges,
): Promise<boolean> {
  const { uploadJobs } = db.tables;
  const updated = await db.orm
    .update(uploadJobs)
    .set(changes)
    .where(and(eq(uploadJobs.id, id), eq(uploadJobs.processId, processId)))
    .returning({ id: uploadJobs.id });
  return updated.length > 0;
}

export async function findUploadJob(db: Database, id: string): Promise<UploadJobRecord | undefined> {
  const { uploadJobs } = db.tables;
  return db.orm.query.uploadJobs.findFirst({ where: eq(uploadJobs.id, id) });
}

/** Says that a process still runs its unfinished jobs: their heartbeat becomes `at`. */
export async function beatUploadJobs(db: Database, processId: string, at: Date): Promise<void> {
  const { uploadJobs } = db.tables;
  await db.orm
    .update(uploadJobs)
    .set({ heartbeatAt: at.toISOString() })
    .where(and(eq(uploadJobs.processId, processId), inArray(uploadJobs.status, unfinished)));
}

/** Unfinished jobs of other processes that could be run elsewhere: those whose inputs are kept. */
export async function unfinishedJobsOfOthers(db: Database, processId: string): Promise<UploadJobRecord[]> {
  const { uploadJobs, uploadJobInputs } = db.tables;
  return db.orm
    .select()
    .from(uploadJobs)
    .where(
      and(
        ne(uploadJobs.processId, processId),
        inArray(uploadJobs.status, unfinished),
        exists(db.orm.select().from(uploadJobInputs).where(eq(uploadJobInputs.jobId, uploadJobs.id))),
      ),
    )
    .orderBy(asc(uploadJobs.createdAt));
}

/**
 * Makes `owner` the runner of a job as `seen` (its process and its last heartbeat), with `changes` (the job started
 * over); undefined when it changed since it was seen: another process took it first, its own beat again, or it
 * finished. One conditional update, so that of servers trying at once one wins.
 */
export async function claimUploadJob(
  db: Database,
  seen: Pick<UploadJobRecord, "id" | "processId" | "heartbeatAt">,
  owner: UploadJobOwner,
  at: Date,
  changes: UploadJobChanges,
): Promise<UploadJobRecord | undefined> {
  const { uploadJobs } = db.tables;
  const [claimed] = await db.orm
    .update(uploadJobs)
    .set({ ...changes, ...owner, heartbeatAt: at.toISOString() })
    .where(
      and(
        eq(uploadJobs.id, seen.id),
        eq(uploadJobs.processId, seen.processId),
        seen.heartbeatAt === null ? isNull(uploadJobs.heartbeatAt) : eq(uploadJobs.heartbeatAt, seen.heartbeatAt),
        inArray(uploadJobs.status, unfinished),
      ),
    )
    .returning();
  return claimed;
}

/** What was uploaded for a job, in the order it was sent. */
export async function uploadJobInputsOf(db: Database, id: string): Promise<UploadJobInput[]> {
  const { uploadJobInputs } = db.tables;
  return db.orm
    .select({
      position: uploadJobInputs.position,
      kind: uploadJobInputs.kind,
      name: uploadJobInputs.name,
      content: uploadJobInputs.content,
    })
    .from(uploadJobInputs)
    .where(eq(uploadJobInputs.jobId, id))
    .orderBy(asc(uploadJobInputs.position));
}

/** Forgets what was uploaded for a job that has ended. */
export async function forgetUploadJobInputs(db: Database, id: string): Promise<void> {
  const { uploadJobInputs } = db.tables;
  await db.orm.delete(uploadJobInputs).where(eq(uploadJobInputs.jobId, id));
}
