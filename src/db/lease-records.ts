import { and, eq, sql } from "drizzle-orm";
import type { Database } from "./database.ts";
import { corpusLeases } from "./schema.ts";

export type LeaseRecord = typeof corpusLeases.$inferSelect;

/**
 * Takes a corpus's lease for `holder` until `expiresAt`, unless another holder's lease is still running at `now`.
 * Returns the lease as it stands after the attempt: `holder` says who has it. One statement, so that two runs that
 * try at once cannot both win.
 */
export async function takeLease(
  db: Database,
  lease: { corpus: string; holder: string; now: Date; expiresAt: Date },
): Promise<LeaseRecord> {
  const acquiredAt = lease.now.toISOString();
  await db
    .insert(corpusLeases)
    .values({ corpus: lease.corpus, holder: lease.holder, acquiredAt, expiresAt: lease.expiresAt.toISOString() })
    .onConflictDoUpdate({
      target: corpusLeases.corpus,
      set: { holder: lease.holder, acquiredAt, expiresAt: lease.expiresAt.toISOString() },
      setWhere: sql`${corpusLeases.expiresAt} < ${acquiredAt}`,
    });
  const [current] = await db.select().from(corpusLeases).where(eq(corpusLeases.corpus, lease.corpus));
  if (!current) throw new Error(`the lease of corpus ${lease.corpus} was not written`);
  return current;
}

/** Extends a lease its holder still has; false when it has lost it (it expired and another run took it). */
export async function renewLease(
  db: Database,
  lease: { corpus: string; holder: string; expiresAt: Date },
): Promise<boolean> {
  const renewed = await db
    .update(corpusLeases)
    .set({ expiresAt: lease.expiresAt.toISOString() })
    .where(and(eq(corpusLeases.corpus, lease.corpus), eq(corpusLeases.holder, lease.holder)))
    .returning({ corpus: corpusLeases.corpus });
  return renewed.length > 0;
}

/** Gives a lease back (only its holder can). */
export async function releaseLease(db: Database, lease: { corpus: string; holder: string }): Promise<void> {
  await db
    .delete(corpusLeases)
    .where(and(eq(corpusLeases.corpus, lease.corpus), eq(corpusLeases.holder, lease.holder)));
}
