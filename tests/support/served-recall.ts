import { startServer } from "../../src/server/start-server.ts";
import { lazy } from "../../src/util/lazy.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "./bundled.ts";
import { httpApp } from "./http-app.ts";
import { temporaryWorkspace } from "./temporary-workspace.ts";

/**
 * Recall "A" for the remote adapters to talk to: the bundled models served on a real socket of 127.0.0.1, started
 * on first use (one per test file that calls this).
 */
export function servedRecall() {
  return lazy(async () => {
    const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
    const workspace = await temporaryWorkspace();
    const { app } = httpApp({ db: workspace.db, store: workspace.store, languageModel, embeddingModel });
    const server = await startServer(app, { host: "127.0.0.1", port: 0 });
    return { server, workspace, languageModel, embeddingModel, baseUrl: `${server.url}/v1` };
  });
}

/** How the remote adapters under test call it: no retries, so that a failure shows at once. */
export const remoteSettings = { timeoutMs: 30_000, maxRetries: 0 };
