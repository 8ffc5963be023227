import type { Hono } from "hono";
import { givenModels } from "../../src/app/model-set.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import type { PartialConfig } from "../../src/config/config-schema.ts";
import { serverSchema } from "../../src/config/config-schema.ts";
import type { Database } from "../../src/db/database.ts";
import { type Logger, noopLogger } from "../../src/logging/logger.ts";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import type { LanguageModel } from "../../src/models/language-model.ts";
import { createApp } from "../../src/server/create-app.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import type { ChunkStore } from "../../src/store/chunk-table.ts";
import { loadTinyReranker } from "./bundled.ts";

/** The HTTP API over given stores and models, with the server settings' defaults unless `server` overrides some. */
export function httpApp(parts: {
  db: Database;
  store: ChunkStore;
  languageModel: LanguageModel;
  embeddingModel: EmbeddingModel;
  server?: PartialConfig["server"];
  logger?: Logger;
}): { app: Hono<ServerEnv>; recall: RecallApp } {
  const server = parts.server ?? {};
  const recall = new RecallApp({
    db: parts.db,
    store: parts.store,
    models: givenModels({ language: parts.languageModel, embedding: parts.embeddingModel, reranker: loadTinyReranker }),
    settings: serverSchema.parse({
      auth: server.auth ?? {},
      cors: server.cors ?? {},
      limits: server.limits ?? {},
      rateLimit: server.rateLimit ?? {},
      shutdownGraceMs: server.shutdownGraceMs,
      requestTimeoutMs: server.requestTimeoutMs,
    }),
  });
  return { app: createApp({ app: recall, logger: parts.logger ?? noopLogger }), recall };
}
