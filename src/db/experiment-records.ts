import { eq } from "drizzle-orm";
import type { Database } from "./database.ts";
import { experiments } from "./schema.ts";

export type ExperimentRecord = typeof experiments.$inferSelect;
export type ExperimentStatus = ExperimentRecord["status"];

export async function insertExperiment(
  db: Database,
  record: typeof experiments.$inferInsert,
): Promise<ExperimentRecord> {
  const [inserted] = await db.insert(experiments).values(record).returning();
  return inserted as ExperimentRecord;
}

export async function findExperiment(db: Database, name: string): Promise<ExperimentRecord | undefined> {
  const [record] = await db.select().from(experiments).where(eq(experiments.name, name));
  return record;
}

export async function listExperiments(db: Database): Promise<ExperimentRecord[]> {
  return db.select().from(experiments).orderBy(experiments.createdAt);
}

export async function setExperimentStatus(db: Database, name: string, status: ExperimentStatus): Promise<void> {
  await db.update(experiments).set({ status, updatedAt: new Date().toISOString() }).where(eq(experiments.name, name));
}
