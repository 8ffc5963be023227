import type { Database } from "../db/database.ts";
import type { Logger } from "../logging/logger.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { ChunkStore } from "../store/chunk-table.ts";

/** What the routes may touch. */
export interface ServerDependencies {
  readonly db: Database;
  readonly store: ChunkStore;
  readonly embeddingModel: EmbeddingModel;
  readonly logger: Logger;
}
