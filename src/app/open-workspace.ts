import { join } from "node:path";
import type { RecallConfig } from "../config/config-schema.ts";
import { type Database, migrateDatabase, openDatabase } from "../db/database.ts";
import { ChunkStore } from "../store/chunk-table.ts";

/** The two stores a command or the server works on: SQL (migrated on open) and LanceDB. */
export interface Workspace {
  readonly db: Database;
  readonly store: ChunkStore;
  close(): void;
}

/** Opens the configured stores: SQLite in the data folder, LanceDB at lancedbUri or in the data folder. */
export async function openWorkspace(config: Pick<RecallConfig, "home" | "lancedbUri">): Promise<Workspace> {
  const database = await openDatabase(config.home);
  try {
    await migrateDatabase(database.db);
    const store = await ChunkStore.open(config.lancedbUri ?? join(config.home, "lancedb"));
    return {
      db: database.db,
      store,
      close: () => {
        store.close();
        database.close();
      },
    };
  } catch (error) {
    database.close();
    throw error;
  }
}
