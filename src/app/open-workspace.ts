import { join } from "node:path";
import type { RecallConfig } from "../config/config-schema.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { ChunkStore } from "../store/chunk-table.ts";

/** The two stores a command or the server works on: SQL (migrated on open) and LanceDB. */
export interface Workspace {
  readonly db: Database;
  readonly store: ChunkStore;
  close(): Promise<void>;
}

export type WorkspaceSettings = Pick<RecallConfig, "home" | "lancedbUri"> &
  Partial<Pick<RecallConfig, "database" | "lancedb">>;

/**
 * Opens the configured stores: PostgreSQL at database.url or SQLite in the data folder; LanceDB at lancedbUri (a
 * folder or object storage) or in the data folder.
 */
export async function openWorkspace(config: WorkspaceSettings): Promise<Workspace> {
  const db = await openDatabase({ home: config.home, url: config.database?.url, poolSize: config.database?.poolSize });
  try {
    await db.migrate();
    const store = await ChunkStore.open(config.lancedbUri ?? join(config.home, "lancedb"), config.lancedb);
    return {
      db,
      store,
      close: async () => {
        store.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
