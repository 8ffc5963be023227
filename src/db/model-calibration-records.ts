import { eq } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { modelCalibrations } from "./schema.ts";

export type ModelCalibrationRecord = typeof modelCalibrations.$inferSelect;
export type NewModelCalibrationRecord = typeof modelCalibrations.$inferInsert;

/** The stored calibration of a language model, if it has one. */
export async function findModelCalibration(db: Database, modelId: string): Promise<ModelCalibrationRecord | undefined> {
  const { modelCalibrations } = db.tables;
  const [record] = await db.orm.select().from(modelCalibrations).where(eq(modelCalibrations.modelId, modelId));
  return record;
}

/** Stores a model's calibration, replacing the one it had (a new fit is the one to use). */
export async function saveModelCalibration(
  db: Database,
  record: NewModelCalibrationRecord,
): Promise<ModelCalibrationRecord> {
  const { modelCalibrations } = db.tables;
  const fittedAt = record.fittedAt ?? new Date().toISOString();
  const [saved] = await db.orm
    .insert(modelCalibrations)
    .values({ ...record, fittedAt })
    .onConflictDoUpdate({ target: modelCalibrations.modelId, set: { ...record, fittedAt } })
    .returning();
  if (!saved) throw new Error(`Storing the calibration of ${record.modelId} returned no row.`);
  return saved;
}
