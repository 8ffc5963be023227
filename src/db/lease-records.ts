import { and, eq, gte, sql } from "drizzle-orm";
import type { Database } from "./database.ts";
import type { corpusLeases } from "./schema.ts";

export type LeaseRecord = typeof corpusLeases.$inferSelect;

/** A run asking for a corpus's lease: who it is, where it runs, and until when. */
export interface LeaseRequest {
  readonly corpus: string;
  readonly holder: string;
  readonly host: string;
  readonly pid: number;
  readonly now: Date;
  readonly expiresAt: Date;
}

/**
 * Takes a corpus's lease for `holder` until `expiresAt`, unless another holder's lease is still running at `now`.
 * Returns the lease as it stands after the attempt: `holder` says who has it. One statement, so that two runs that
 * try at once cannot both win.
 */
export async function takeLease(db: Database, lease: LeaseRequest): Promise<LeaseRecord> {
  const { corpusLeases } = db.tables;
  const acquiredAt = lease.now.toISOString();
  const values = {
    holder: lease.holder,
    acquiredAt,
    expiresAt: lease.expiresAt.toISOString(),
    host: lease.host,
    pid: lease.pid,
  };
  await db.orm
    .insert(corpusLeases)
    .values({ corpus: lease.corpus, ...values })
    .onConflictDoUpdate({
      target: corpusLeases.corpus,
      set: values,
      setWhere: sql`${corpusLeases.expiresAt} < ${acquiredAt}`,
    });
  const [current] = await db.orm.select().from(corpusLeases).where(eq(corpusLeases.corpus, lease.corpus));
  if (!current) throw new Error(`the lease of corpus ${lease.corpus} was not written`);
  return current;
}

/** Takes a lease from a holder known to be gone (its process no longer runs), whatever its expiry. */
export async function takeLeaseFrom(db: Database, gone: string, lease: LeaseRequest): Promise<LeaseRecord | undefined> {
  const { corpusLeases } = db.tables;
  const [taken] = await db.orm
    .update(corpusLeases)
    .set({
      holder: lease.holder,
      acquiredAt: lease.now.toISOString(),
      expiresAt: lease.expiresAt.toISOString(),
      host: lease.host,
      pid: lease.pid,
    })
    .where(and(eq(corpusLeases.corpus, lease.corpus), eq(corpusLeases.holder, gone)))
    .returning();
  return taken;
}

/** Extends a lease its holder still has; false when it has lost it (it expired and another run took it). */
export async function renewLease(
  db: Database,
  lease: { corpus: string; holder: string; expiresAt: Date },
): Promise<boolean> {
  const { corpusLeases } = db.tables;
  const renewed = await db.orm
    .update(corpusLeases)
    .set({ expiresAt: lease.expiresAt.toISOString() })
    .where(and(eq(corpusLeases.corpus, lease.corpus), eq(corpusLeases.holder, lease.holder)))
    .returning({ corpus: corpusLeases.corpus });
  return renewed.length > 0;
}

/** Gives a lease back (only its holder can). */
export async function releaseLease(db: Database, lease: { corpus: string; holder: string }): Promise<void> {
  const { corpusLeases } = db.tables;
  await db.orm
    .delete(corpusLeases)
    .where(and(eq(corpusLeases.corpus, lease.corpus), eq(corpusLeases.holder, lease.holder)));
}

/** A corpus's lease while it runs at `now`; undefined when nobody holds it or its holder's time is up. */
export async function findLiveLease(db: Database, corpus: string, now: Date): Promise<LeaseRecord | undefined> {
  const { corpusLeases } = db.tables;
  const [lease] = await db.orm
    .select()
    .from(corpusLeases)
    .where(and(eq(corpusLeases.corpus, corpus), gte(corpusLeases.expiresAt, now.toISOString())));
  return lease;
}
