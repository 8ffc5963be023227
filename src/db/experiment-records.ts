import { eq } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { experiments } from "./schema.ts";

export type ExperimentRecord = typeof experiments.$inferSelect;
export type ExperimentStatus = ExperimentRecord["status"];

/**
 * Inserts an experiment; undefined when one of that name exists already (even one that a concurrent insert has just
 * written, which a look-up before the insert cannot see).
 */
export async function insertExperiment(
  db: Database,
  record: typeof experiments.$inferInsert,
): Promise<ExperimentRecord | undefined> {
  const { experiments } = db.tables;
  const [inserted] = await db.orm.insert(experiments).values(record).onConflictDoNothing().returning();
  return inserted;
}

export async function findExperiment(db: Database, name: string): Promise<ExperimentRecord | undefined> {
  const { experiments } = db.tables;
  const [record] = await db.orm.select().from(experiments).where(eq(experiments.name, name));
  return record;
}

export async function listExperiments(db: Database): Promise<ExperimentRecord[]> {
  const { experiments } = db.tables;
  return db.orm.select().from(experiments).orderBy(experiments.createdAt);
}

export async function setExperimentStatus(db: Database, name: string, status: ExperimentStatus): Promise<void> {
  const { experiments } = db.tables;
  await db.orm
    .update(experiments)
    .set({ status, updatedAt: new Date().toISOString() })
    .where(eq(experiments.name, name));
}

/**
 * Deletes an experiment; false when there was none of that name. The asks recorded through it keep their rows: their
 * `experiment` column holds the name as plain text, not a foreign key, so nothing cascades to them.
 */
export async function deleteExperiment(db: Database, name: string): Promise<boolean> {
  const { experiments } = db.tables;
  const deleted = await db.orm
    .delete(experiments)
    .where(eq(experiments.name, name))
    .returning({ name: experiments.name });
  return deleted.length > 0;
}
