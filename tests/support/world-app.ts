import type { Hono } from "hono";
import { noopLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/create-app.ts";
import { type RunningServer, startServer } from "../../src/server/start-server.ts";
import { lazy } from "../../src/util/lazy.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel, loadTinyReranker } from "./bundled.ts";
import { worldWorkspace } from "./world-workspace.ts";

/** The whole app on the bundled models over a temporary workspace with the tiny world indexed as "world". */
export async function worldApp() {
  const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
  const workspace = await worldWorkspace(embeddingModel);
  const app: Hono = createApp({
    db: workspace.db,
    store: workspace.store,
    languageModel,
    embeddingModel,
    reranker: lazy(loadTinyReranker),
    logger: noopLogger,
  });
  return { app, workspace, languageModel, embeddingModel, dispose: () => workspace.dispose() };
}

/** `worldApp` served on a real socket (a free port on 127.0.0.1). */
export async function worldServer() {
  const world = await worldApp();
  const server: RunningServer = await startServer(world.app, { host: "127.0.0.1", port: 0 });
  return {
    ...world,
    server,
    dispose: async () => {
      await server.close();
      await world.dispose();
    },
  };
}
