import { and, asc, eq, exists, inArray, ne } from "drizzle-orm";
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

/** Writes a job's status, counts, documents or outcome. */
export async function updateUploadJob(
  db: Database,
  id: string,
  changes: Partial<Omit<typeof uploadJobs.$inferInsert, "id" | "corpus">>,
): Promise<void> {
  const { uploadJobs } = db.tables;
  await db.orm.update(uploadJobs).set(changes).where(eq(uploadJobs.id, id));
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
 * Makes `owner` the runner of a job that `formerProcessId` ran, queued again from the start; undefined when another
 * process took it first or it has finished. One conditional update, so that of servers trying at once one wins.
 */
export async function claimUploadJob(
  db: Database,
  id: string,
  formerProcessId: string,
  owner: UploadJobOwner,
  at: Date,
): Promise<UploadJobRecord | undefined> {
  const { uploadJobs } = db.tables;
  const [claimed] = await db.orm
    .update(uploadJobs)
    .set({ ...owner, heartbeatAt: at.toISOString(), status: "queued" })
    .where(
      and(eq(uploadJobs.id, id), eq(uploadJobs.processId, formerProcessId), inArray(uploadJobs.status, unfinished)),
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
