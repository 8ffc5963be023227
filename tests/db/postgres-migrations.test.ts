import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { eq, is } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { getTableConfig as getPostgresTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import * as postgresSchema from "../../src/db/postgres-schema.ts";
import * as sqliteSchema from "../../src/db/schema.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { type PostgresCluster, postgresUnavailableReason, startPostgresCluster } from "../support/postgres-cluster.ts";

const isoTimestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const sqliteTables = Object.values<unknown>(sqliteSchema)
  .filter((value): value is SQLiteTable => is(value, SQLiteTable))
  .map((table) => getTableConfig(table));

const corpus = {
  name: "notes",
  embeddingModel: "test-model",
  dimensions: 4,
  activeTable: "notes_1",
  chunkSize: 200,
  chunkOverlap: 20,
};

describe("the PostgreSQL schema", () => {
  it("has a table of the same name and columns for every SQLite table", () => {
    const postgresTables = new Map(
      Object.values<unknown>(postgresSchema)
        .filter((value): value is PgTable => is(value, PgTable))
        .map((table) => {
          const config = getPostgresTableConfig(table);
          return [config.name, config.columns.map((column) => column.name)];
        }),
    );
    expect(postgresTables.size).toBe(sqliteTables.length);
    for (const table of sqliteTables) {
      expect(postgresTables.get(table.name)).toEqual(table.columns.map((column) => column.name));
    }
  });
});

const title = `the PostgreSQL migrations${postgresUnavailableReason === undefined ? "" : ` (skipped: ${postgresUnavailableReason})`}`;

describe.skipIf(postgresUnavailableReason !== undefined)(title, () => {
  let cluster: PostgresCluster;
  let pool: pg.Pool;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
    await migrate(drizzle(pool), { migrationsFolder: join(projectRoot, "migrations", "postgres") });
  });

  afterAll(async () => {
    await pool?.end();
    await cluster?.stop();
  });

  it("create every table of the SQLite schema with the same columns and nullability", async () => {
    const { rows } = await pool.query<{ table_name: string; column_name: string; is_nullable: "YES" | "NO" }>(
      "select table_name, column_name, is_nullable from information_schema.columns where table_schema = 'public'",
    );
    for (const table of sqliteTables) {
      const columns = rows.filter((row) => row.table_name === table.name);
      const expected = table.columns.map((column) => [column.name, column.notNull ? "NO" : "YES"]);
      expect(columns.map((row) => [row.column_name, row.is_nullable]).sort()).toEqual(expected.sort());
    }
  });

  it("apply a second time without change", async () => {
    await migrate(drizzle(pool), { migrationsFolder: join(projectRoot, "migrations", "postgres") });
    const { rows } = await pool.query("select count(*)::int as applied from drizzle.__drizzle_migrations");
    const journal = JSON.parse(
      await readFile(join(projectRoot, "migrations", "postgres", "meta", "_journal.json"), "utf8"),
    ) as { entries: unknown[] };
    expect(rows).toEqual([{ applied: journal.entries.length }]);
  });

  it("fill a default timestamp in the same ISO shape as SQLite", async () => {
    const db = drizzle(pool, { schema: postgresSchema });
    await db.insert(postgresSchema.corpora).values(corpus);
    const [postgresRow] = await db
      .select({ createdAt: postgresSchema.corpora.createdAt })
      .from(postgresSchema.corpora)
      .where(eq(postgresSchema.corpora.name, corpus.name));

    const home = await mkdtemp(join(tmpdir(), "recall-sqlite-"));
    const handle = await openDatabase(home);
    try {
      await handle.migrate();
      await handle.orm.insert(sqliteSchema.corpora).values(corpus);
      const [sqliteRow] = await handle.orm
        .select({ createdAt: sqliteSchema.corpora.createdAt })
        .from(sqliteSchema.corpora)
        .where(eq(sqliteSchema.corpora.name, corpus.name));
      expect(sqliteRow?.createdAt).toMatch(isoTimestamp);
    } finally {
      await handle.close();
      await rm(home, { recursive: true, force: true });
    }
    expect(postgresRow?.createdAt).toMatch(isoTimestamp);
  });

  it("give an identity column its next value and cascade deletes", async () => {
    const db = drizzle(pool, { schema: postgresSchema });
    await db.insert(postgresSchema.indexJobs).values({ id: "job-1", corpus: "notes", status: "running", sources: [] });
    const inserted = await db
      .insert(postgresSchema.documentErrors)
      .values([
        { jobId: "job-1", uri: "a.txt", reason: "empty" },
        { jobId: "job-1", uri: "b.txt", reason: "empty" },
      ])
      .returning({ id: postgresSchema.documentErrors.id });
    expect(inserted).toEqual([{ id: 1 }, { id: 2 }]);
    await db.delete(postgresSchema.indexJobs).where(eq(postgresSchema.indexJobs.id, "job-1"));
    expect(await db.select().from(postgresSchema.documentErrors)).toEqual([]);
  });
});

const execFileAsync = promisify(execFile);

/**
 * Runs drizzle-kit generate for one dialect into a copy of its migrations folder (under .cache/, inside the project,
 * because drizzle-kit takes `--out` as relative to the working folder), so that a pending change writes nothing here.
 */
async function pendingChanges(dialect: "sqlite" | "postgresql", schema: string, folder: string): Promise<string> {
  const cache = join(projectRoot, ".cache");
  await mkdir(cache, { recursive: true });
  const scratch = await mkdtemp(join(cache, "drizzle-check-"));
  try {
    await cp(join(projectRoot, "migrations", folder), scratch, { recursive: true });
    const drizzleKit = join(projectRoot, "node_modules", "drizzle-kit", "bin.cjs");
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        drizzleKit,
        "generate",
        "--dialect",
        dialect,
        "--schema",
        schema,
        "--out",
        `./${relative(projectRoot, scratch)}`,
      ],
      { cwd: projectRoot },
    );
    return stdout;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

describe("the generated migrations", () => {
  it.each([
    ["sqlite", "./src/db/schema.ts", "sqlite"],
    ["postgresql", "./src/db/postgres-schema.ts", "postgres"],
  ] as const)("of %s match the schema (npm run db:generate has nothing to write)", async (dialect, schema, folder) => {
    expect(await pendingChanges(dialect, schema, folder)).toContain("No schema changes");
  });
});
