import type { Database } from "../db/database.ts";
import type { Logger } from "../logging/logger.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { LanguageModel } from "../models/language-model.ts";
import type { Reranker } from "../models/reranker.ts";
import type { ChunkStore } from "../store/chunk-table.ts";

/** What the routes may touch. */
export interface ServerDependencies {
  readonly db: Database;
  readonly store: ChunkStore;
  readonly languageModel: LanguageModel;
  readonly embeddingModel: EmbeddingModel;
  /** Loaded on the first search that asks for reranking. */
  readonly reranker: () => Promise<Reranker>;
  readonly logger: Logger;
}
