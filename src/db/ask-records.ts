import { and, desc, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
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

/** Where a page of asks starts: after the ask made at `createdAt` with `id` (newest first, ties broken by id). */
export interface AskPosition {
  readonly createdAt: string;
  readonly id: string;
}

/** Which asks a list holds, each filter left out when undefined. */
export interface AskListQuery {
  readonly corpus?: string | undefined;
  readonly strategy?: string | undefined;
  readonly experiment?: string | undefined;
  readonly variant?: string | undefined;
  readonly abstained?: boolean | undefined;
  readonly status?: AskRecord["status"] | undefined;
  /** Only the asks made with this key; null: only those made without one (while no key was needed). */
  readonly keyId?: string | null | undefined;
  /**
   * Only the asks on these corpora, and the closed-book asks (no corpus) made with the key `closedBookKeyId` (none
   * when it is null).
   */
  readonly corpora?: { readonly names: readonly string[]; readonly closedBookKeyId: string | null } | undefined;
  /** At most this many. */
  readonly limit: number;
  /** Only the asks that come after this one, newest first. */
  readonly before?: AskPosition | undefined;
}

/** The columns of an ask that a list shows: everything but its parameters, usage details and trace. */
export type AskSummaryRecord = Pick<
  AskRecord,
  | "id"
  | "createdAt"
  | "question"
  | "corpus"
  | "strategy"
  | "experiment"
  | "variant"
  | "answer"
  | "confidence"
  | "calibrated"
  | "abstained"
  | "retrievals"
  | "latencyMs"
  | "status"
  | "error"
  | "keyId"
>;

/**
 * A page of asks, newest first (by `createdAt`, then `id`), matching every filter of the query: a keyset page, so
 * that asks stored while a client pages through neither repeat nor shift the pages it has not read yet.
 */
export async function listAsks(db: Database, query: AskListQuery): Promise<AskSummaryRecord[]> {
  const { asks } = db.tables;
  const conditions: (SQL | undefined)[] = [
    query.corpus === undefined ? undefined : eq(asks.corpus, query.corpus),
    query.strategy === undefined ? undefined : eq(asks.strategy, query.strategy),
    query.experiment === undefined ? undefined : eq(asks.experiment, query.experiment),
    query.variant === undefined ? undefined : eq(asks.variant, query.variant),
    query.abstained === undefined ? undefined : eq(asks.abstained, query.abstained),
    query.status === undefined ? undefined : eq(asks.status, query.status),
    query.keyId === undefined ? undefined : query.keyId === null ? isNull(asks.keyId) : eq(asks.keyId, query.keyId),
    query.corpora === undefined ? undefined : onCorpora(db, query.corpora),
    query.before === undefined
      ? undefined
      : or(
          lt(asks.createdAt, query.before.createdAt),
          and(eq(asks.createdAt, query.before.createdAt), lt(asks.id, query.before.id)),
        ),
  ];
  return db.orm
    .select({
      id: asks.id,
      createdAt: asks.createdAt,
      question: asks.question,
      corpus: asks.corpus,
      strategy: asks.strategy,
      experiment: asks.experiment,
      variant: asks.variant,
      answer: asks.answer,
      confidence: asks.confidence,
      calibrated: asks.calibrated,
      abstained: asks.abstained,
      retrievals: asks.retrievals,
      latencyMs: asks.latencyMs,
      status: asks.status,
      error: asks.error,
      keyId: asks.keyId,
    })
    .from(asks)
    .where(and(...conditions))
    .orderBy(desc(asks.createdAt), desc(asks.id))
    .limit(query.limit);
}

/** Asks on the named corpora, or closed-book asks of one key. */
function onCorpora(db: Database, corpora: NonNullable<AskListQuery["corpora"]>): SQL {
  const { asks } = db.tables;
  const named = corpora.names.length === 0 ? undefined : inArray(asks.corpus, [...corpora.names]);
  const closedBook =
    corpora.closedBookKeyId === null ? undefined : and(isNull(asks.corpus), eq(asks.keyId, corpora.closedBookKeyId));
  return or(named, closedBook) ?? sql`1 = 0`;
}
