import type { Command } from "commander";
import { loadEmbeddingModel, loadLanguageModel, loadReranker } from "../../models/load-models.ts";
import { createApp } from "../../server/create-app.ts";
import { startServer } from "../../server/start-server.ts";
import { lazy } from "../../util/lazy.ts";
import { openWorkspace } from "../../workspace/open-workspace.ts";
import { createCliLogger } from "../cli-logger.ts";
import { configFromCommand } from "../global-options.ts";
import { announceModels } from "../model-notice.ts";
import { parseNonNegativeInteger } from "../parse-number.ts";

/** `recall serve`: the HTTP API, until SIGINT or SIGTERM. */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("serve the HTTP API (/v1/ask, /v1/search, /v1/corpora, /healthz)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0: any free port)", parseNonNegativeInteger, 8080)
    .action(async (options: { host: string; port: number }, command: Command) => {
      const config = configFromCommand(command);
      const logger = createCliLogger();
      announceModels(config, logger);
      const [languageModel, embeddingModel] = await Promise.all([
        loadLanguageModel(config.models.language, config),
        loadEmbeddingModel(config.models.embedding, config),
      ]);
      const workspace = await openWorkspace(config);
      const server = await startServer(
        createApp({
          db: workspace.db,
          store: workspace.store,
          languageModel,
          embeddingModel,
          reranker: lazy(() => loadReranker(config.models.reranker, config)),
          logger,
        }),
        options,
      );
      logger.info(`listening on ${server.url}`);
      const stop = async (): Promise<void> => {
        await server.close();
        workspace.close();
        process.exit(0);
      };
      process.once("SIGINT", () => void stop());
      process.once("SIGTERM", () => void stop());
    });
}
