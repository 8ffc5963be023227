import { and, eq } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { feedback } from "./schema.ts";

export type FeedbackRecord = typeof feedback.$inferSelect;

/**
 * Stores what a key said about an ask; a repeat by the same key replaces the earlier record (its time too).
 * `replaced` tells which happened; two identical requests at once may both read "not replaced", but they still leave
 * one record.
 */
export async function recordFeedback(
  db: Database,
  record: typeof feedback.$inferInsert & { keyId: string },
): Promise<{ record: FeedbackRecord; replaced: boolean }> {
  const { feedback } = db.tables;
  const [existing] = await db.orm
    .select({ id: feedback.id })
    .from(feedback)
    .where(and(eq(feedback.askId, record.askId), eq(feedback.keyId, record.keyId)));
  const [stored] = await db.orm
    .insert(feedback)
    .values(record)
    .onConflictDoUpdate({
      target: [feedback.askId, feedback.keyId],
      set: {
        score: record.score ?? null,
        correct: record.correct ?? null,
        comment: record.comment ?? null,
        createdAt: new Date().toISOString(),
      },
    })
    .returning();
  return { record: stored as FeedbackRecord, replaced: existing !== undefined };
}
