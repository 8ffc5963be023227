import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { projectRoot } from "../util/project-root.ts";
import * as schema from "./schema.ts";

export type Database = LibSQLDatabase<typeof schema>;

export interface DatabaseHandle {
  readonly db: Database;
  close(): void;
}

/** The generated SQLite migrations (migrations/sqlite/), applied in order by `migrateDatabase`. */
export const migrationsFolder = join(projectRoot, "migrations", "sqlite");

/**
 * Opens the embedded SQLite database in the data folder (home/recall.db), creating it if needed, with foreign keys
 * on and a busy timeout so that a second process waits instead of failing.
 */
export async function openDatabase(home: string): Promise<DatabaseHandle> {
  mkdirSync(home, { recursive: true });
  const client: Client = createClient({ url: `file:${join(home, "recall.db")}` });
  await client.execute("PRAGMA foreign_keys = ON");
  await client.execute("PRAGMA busy_timeout = 5000");
  await client.execute("PRAGMA journal_mode = WAL");
  return { db: drizzle(client, { schema }), close: () => client.close() };
}

/** Applies every migration not yet applied. Safe to run at every start. */
export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder });
}
