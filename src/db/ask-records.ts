import { eq } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { asks } from "./schema.ts";

export type AskRecord = typeof asks.$inferSelect;
export type NewAskRecord = typeof asks.$inferInsert;

export async function recordAsk(db: Database, record: NewAskRecord): Promise<void> {
  const { asks } = db.tables;
  await db.orm.insert(asks).values(record);
}

export async function findAsk(db: Database, id: string): Promise<AskRecord | undefined> {
  const { asks } = db.tables;
  const [record] = await db.orm.select().from(asks).where(eq(asks.id, id));
  return record;
}
