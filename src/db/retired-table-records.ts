import { and, eq, lte } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { retiredTables } from "./schema.ts";

export type RetiredTableRecord = typeof retiredTables.$inferSelect;

/** Retired tables whose grace period has passed at `now`: they may be dropped. */
export async function dueRetiredTables(db: Database, now: Date, corpus?: string): Promise<RetiredTableRecord[]> {
  const { retiredTables } = db.tables;
  const due = lte(retiredTables.dropAfter, now.toISOString());
  return db.orm
    .select()
    .from(retiredTables)
    .where(corpus === undefined ? due : and(due, eq(retiredTables.corpus, corpus)));
}

/** Every retired table of a corpus, due or not. */
export async function retiredTablesOf(db: Database, corpus: string): Promise<RetiredTableRecord[]> {
  const { retiredTables } = db.tables;
  return db.orm.select().from(retiredTables).where(eq(retiredTables.corpus, corpus));
}

/** Forgets a retired table once it has been dropped. */
export async function forgetRetiredTable(db: Database, name: string): Promise<void> {
  const { retiredTables } = db.tables;
  await db.orm.delete(retiredTables).where(eq(retiredTables.name, name));
}
