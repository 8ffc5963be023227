import { desc, eq } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { apiKeys } from "./schema.ts";

export type KeyRecord = typeof apiKeys.$inferSelect;
export type NewKeyRecord = typeof apiKeys.$inferInsert;

export async function insertKey(db: Database, record: NewKeyRecord): Promise<KeyRecord> {
  const { apiKeys } = db.tables;
  const [inserted] = await db.orm.insert(apiKeys).values(record).returning();
  return inserted as KeyRecord;
}

/** The key whose secret hashes to `keyHash`, revoked and expired ones included (the caller decides). */
export async function findKeyByHash(db: Database, keyHash: string): Promise<KeyRecord | undefined> {
  const { apiKeys } = db.tables;
  const [record] = await db.orm.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return record;
}

/** Every key, newest first. */
export async function listKeys(db: Database): Promise<KeyRecord[]> {
  const { apiKeys } = db.tables;
  return db.orm.select().from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Marks a key revoked (keeping the first revocation's time); undefined when there is no such key. */
export async function revokeKey(db: Database, id: string, revokedAt: string): Promise<KeyRecord | undefined> {
  const { apiKeys } = db.tables;
  const [existing] = await db.orm.select().from(apiKeys).where(eq(apiKeys.id, id));
  if (!existing || existing.revokedAt !== null) return existing;
  const [revoked] = await db.orm.update(apiKeys).set({ revokedAt }).where(eq(apiKeys.id, id)).returning();
  return revoked;
}

/** Whether any key was ever created (a revoked or expired one counts: it still turns authentication on). */
export async function anyKeyExists(db: Database): Promise<boolean> {
  const { apiKeys } = db.tables;
  const [row] = await db.orm.select({ id: apiKeys.id }).from(apiKeys).limit(1);
  return row !== undefined;
}
