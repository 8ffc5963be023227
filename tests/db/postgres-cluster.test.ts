import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, postgresUnavailableReason, startPostgresCluster } from "../support/postgres-cluster.ts";

const notes = pgTable("notes", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  body: text("body").notNull(),
});

const title = `a throwaway PostgreSQL cluster${postgresUnavailableReason === undefined ? "" : ` (skipped: ${postgresUnavailableReason})`}`;

describe.skipIf(postgresUnavailableReason !== undefined)(title, () => {
  let cluster: PostgresCluster;
  let pool: pg.Pool;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await cluster?.stop();
  });

  it("answers a query through drizzle", async () => {
    const db = drizzle(pool);
    const result = await db.execute<{ answer: number }>(sql`select 6 * 7 as answer`);
    expect(result.rows).toEqual([{ answer: 42 }]);
  });

  it("creates a table, inserts and selects", async () => {
    const db = drizzle(pool);
    await db.execute(sql`create table notes (id integer primary key generated always as identity, body text not null)`);
    const inserted = await db
      .insert(notes)
      .values([{ body: "first" }, { body: "second" }])
      .returning();
    expect(inserted).toEqual([
      { id: 1, body: "first" },
      { id: 2, body: "second" },
    ]);
    expect(await db.select().from(notes).where(eq(notes.body, "second"))).toEqual([{ id: 2, body: "second" }]);
  });

  it("starts clusters side by side, each on its own port, and stops them", async () => {
    const others = await Promise.all([startPostgresCluster(), startPostgresCluster()]);
    const ports = new Set([cluster.port, ...others.map((other) => other.port)]);
    expect(ports.size).toBe(3);
    for (const other of others) {
      const client = new pg.Client({ connectionString: other.url });
      await client.connect();
      await client.end();
      await other.stop();
      const refused = new pg.Client({ connectionString: other.url, connectionTimeoutMillis: 2_000 });
      await expect(refused.connect()).rejects.toThrow();
    }
  });
});
