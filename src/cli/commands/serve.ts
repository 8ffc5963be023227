import type { Command } from "commander";
import { createCliLogger } from "../cli-logger.ts";
import { configFromCommand } from "../global-options.ts";
import { guardPublicHost } from "../guard-public-host.ts";
import { announceModels } from "../model-notice.ts";
import { openRecall } from "../open-recall.ts";
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
      const recall = await openRecall(config);
      await guardPublicHost(recall, options.host).catch((error: unknown) => {
        recall.close();
        throw error;
      });
      // Load the models that every ask needs now, so that a bad model fails at start, not on the first request.
      await Promise.all([recall.models.language(), recall.models.embedding()]);
      const [{ createApp }, { startServer }] = await Promise.all([
        import("../../server/create-app.ts"),
        import("../../server/start-server.ts"),
      ]);
      const server = await startServer(createApp({ app: recall, logger }), options);
      logger.info(`listening on ${server.url}`);
      const stop = async (): Promise<void> => {
        await server.close();
        recall.close();
        process.exit(0);
      };
      process.once("SIGINT", () => void stop());
      process.once("SIGTERM", () => void stop());
    });
}
