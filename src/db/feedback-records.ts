import type { Database } from "./database.ts";
import { feedback } from "./schema.ts";

export type FeedbackRecord = typeof feedback.$inferSelect;

export async function recordFeedback(db: Database, record: typeof feedback.$inferInsert): Promise<FeedbackRecord> {
  const [inserted] = await db.insert(feedback).values(record).returning();
  return inserted as FeedbackRecord;
}
