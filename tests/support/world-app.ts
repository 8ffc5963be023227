import type { Logger } from "../../src/logging/logger.ts";
import { type RunningServer, startServer } from "../../src/server/start-server.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "./bundled.ts";
import { httpApp } from "./http-app.ts";
import { worldWorkspace } from "./world-workspace.ts";

/**
 * The whole app on the bundled models over a temporary workspace with the tiny world indexed as "world"; its request
 * log and failures go to `logger` (none by default).
 */
export async function worldApp(options: { logger?: Logger } = {}) {
  const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
  const workspace = await worldWorkspace(embeddingModel);
  const { app, recall } = httpApp({
    db: workspace.db,
    store: workspace.store,
    languageModel,
    embeddingModel,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { app, recall, workspace, languageModel, embeddingModel, dispose: () => workspace.dispose() };
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
