import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { is } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle as drizzleSqlite, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate as migrateSqlite } from "drizzle-orm/libsql/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { projectRoot } from "../util/project-root.ts";
import { DatabaseUnavailableError, postgresLocation } from "./database-unavailable-error.ts";
import * as postgresSchema from "./postgres-schema.ts";
import * as sqliteSchema from "./schema.ts";

/** Which SQL database holds the records. */
export type SqlDialect = "sqlite" | "postgres";

/**
 * The query API the records use: drizzle's, typed by the SQLite schema. PostgreSQL's drizzle answers the same calls
 * (select, insert … on conflict … returning, update, delete, query.*.findFirst) on the tables that
 * postgres-schema.ts translates from the same schema; tests/db/records-contract.test.ts runs every record on both.
 */
export type Orm = LibSQLDatabase<typeof sqliteSchema>;

type SchemaModule = typeof sqliteSchema;

/** The tables of src/db/schema.ts by name, in the database's dialect. */
export type Tables = {
  [Name in keyof SchemaModule as SchemaModule[Name] extends SQLiteTable ? Name : never]: SchemaModule[Name];
};

/** The records' handle on the SQL database: the query API, its tables, and one way to write atomically. */
export interface Database {
  readonly dialect: SqlDialect;
  readonly orm: Orm;
  readonly tables: Tables;
  /** Runs the statements `build` makes from the `orm` it is given, all or none, as one transaction. */
  atomically(build: (orm: Orm) => readonly BatchItem<"sqlite">[]): Promise<void>;
  /**
   * Applies every migration not yet applied. Safe at every start, also by several replicas at once on PostgreSQL: an
   * advisory lock lets one migrate while the others wait, then find nothing left to do.
   */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Where the records live: PostgreSQL at `url` (postgres://…), else SQLite in the data folder. */
export interface DatabaseLocation {
  readonly home: string;
  readonly url?: string | undefined;
  /** Connections this process opens to PostgreSQL at most. */
  readonly poolSize?: number | undefined;
}

/** The generated migrations of each dialect (migrations/sqlite/, migrations/postgres/), applied by `Database.migrate`. */
export const migrationsFolders: Readonly<Record<SqlDialect, string>> = {
  sqlite: join(projectRoot, "migrations", "sqlite"),
  postgres: join(projectRoot, "migrations", "postgres"),
};

/** Any number that no other application's advisory lock is likely to use: serialises migrations across replicas. */
const migrationLockKey = 0x7265_6361;

const sqliteTables = tablesOf(sqliteSchema);

/** The PostgreSQL tables under the SQLite tables' types: same names, same columns, same values read and written. */
const postgresTables = tablesOf(postgresSchema as unknown as SchemaModule);

function tablesOf(module: SchemaModule): Tables {
  const tables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(sqliteSchema)) {
    if (is(value, SQLiteTable)) tables[name] = (module as Record<string, unknown>)[name];
  }
  return tables as Tables;
}

/** Opens the records' database: PostgreSQL when `location.url` is set, else SQLite in `location.home`. */
export async function openDatabase(location: DatabaseLocation | string): Promise<Database> {
  const resolved = typeof location === "string" ? { home: location } : location;
  return resolved.url === undefined ? openSqlite(resolved.home) : openPostgres(resolved.url, resolved.poolSize ?? 10);
}

/**
 * The embedded SQLite database in the data folder (home/recall.db), created if needed, with foreign keys on and a
 * busy timeout so that a second process waits instead of failing.
 */
async function openSqlite(home: string): Promise<Database> {
  mkdirSync(home, { recursive: true });
  const client = createClient({ url: `file:${join(home, "recall.db")}` });
  await client.execute("PRAGMA foreign_keys = ON");
  await client.execute("PRAGMA busy_timeout = 5000");
  await client.execute("PRAGMA journal_mode = WAL");
  const orm = drizzleSqlite(client, { schema: sqliteSchema });
  return {
    dialect: "sqlite",
    orm,
    tables: sqliteTables,
    // One batch is one transaction on one connection. (An interactive transaction would hold the database while other
    // statements of this process wait for a connection of their own, and fail with SQLITE_BUSY past the timeout.)
    atomically: async (build) => {
      const [first, ...rest] = build(orm);
      if (first !== undefined) await orm.batch([first, ...rest]);
    },
    migrate: () => migrateSqlite(orm, { migrationsFolder: migrationsFolders.sqlite }),
    close: async () => client.close(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle connection that the server ends (a restart, a failover) must not take the process down with it.
  pool.on("error", () => {});
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error && error.message !== "" ? error.message : String(error);
    throw new DatabaseUnavailableError(postgresLocation(url), reason, { cause: error });
  }
  const postgres = drizzlePostgres(pool, { schema: postgresSchema });
  const orm = postgres as unknown as Orm;
  return {
    dialect: "postgres",
    orm,
    tables: postgresTables,
    atomically: async (build) => {
      await postgres.transaction(async (transaction) => {
        for (const statement of build(transaction as unknown as Orm)) await statement;
      });
    },
    migrate: async () => {
      const lockHolder = await pool.connect();
      // A connection lost while it is checked out reports here (the pool listens only to idle ones); the query
      // under way fails with it.
      const ignore = () => {};
      lockHolder.on("error", ignore);
      let failure: Error | undefined;
      try {
        await lockHolder.query("select pg_advisory_lock($1)", [migrationLockKey]);
        await migratePostgres(postgres, { migrationsFolder: migrationsFolders.postgres });
        await lockHolder.query("select pg_advisory_unlock($1)", [migrationLockKey]);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        lockHolder.off("error", ignore);
        // A connection that failed is closed rather than returned (its session lock goes with it).
        lockHolder.release(failure);
      }
    },
    close: () => pool.end(),
  };
}
