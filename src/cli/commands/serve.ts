import type { Command } from "commander";
import { createCliLogger } from "../cli-logger.ts";
import { configFromCommand } from "../global-options.ts";
import { guardPublicHost } from "../guard-public-host.ts";
import { announceModels } from "../model-notice.ts";
import { openRecall } from "../open-recall.ts";
import { parseNonNegativeInteger } from "../parse-number.ts";

/** Every route `recall serve` answers, for its --help. */
const routesHelp = `
Routes (see README.md; /v1 needs an API key once one exists):
  POST   /v1/ask                                 answer a question (JSON, or a stream with "stream": true)
  POST   /v1/search                              the best passages of a corpus
  POST   /v1/feedback                            a score or verdict on an ask
  GET    /v1/asks, /v1/asks/{id}                 stored asks, newest first, or one with its trace (a key's own)
  GET    /v1/strategies                          the strategies and their parameters
  GET    /v1/corpora                             the corpora this key may use
  POST   /v1/corpora                             create a corpus (scope index)
  GET    /v1/corpora/{name}/documents            a corpus's documents, page by page (scope search or index)
  GET    /v1/corpora/{name}/failures             what a corpus's index runs could not index, latest first
  POST   /v1/corpora/{name}/documents            upload files or JSON documents to index (scope index)
  DELETE /v1/corpora/{name}/documents/{id}       remove a document (scope index)
  GET    /v1/jobs/{id}, /v1/jobs/{id}/events     an upload job, polled or streamed
  POST   /v1/experiments                         create an A/B test (admin)
  GET    /v1/experiments, /v1/experiments/{name} list or show them
  GET    /v1/experiments/{name}/results          results per variant, with intervals
  POST   /v1/experiments/{name}/pause|resume|stop
  DELETE /v1/experiments/{name}                  delete one (admin)
  GET    /v1/models                              strategies, corpora and experiments as models; embedding models
  POST   /v1/chat/completions, /v1/completions   OpenAI-compatible, over the recall loop (or the model itself)
  POST   /v1/embeddings                          OpenAI-compatible vectors from a corpus's or the configured model
  GET    /                                       the web console (needs npm run build; the key is entered in the page)
  GET    /healthz                                liveness, and 503 while draining
  GET    /metrics                                Prometheus text (admin once keys exist)
`;

/**
 * `recall serve`: the HTTP API, until SIGINT or SIGTERM, then a graceful shutdown within server.shutdownGraceMs.
 */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("serve the HTTP API (/v1/ask, /v1/search, /v1/corpora, /healthz) and the web console at /")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0: any free port)", parseNonNegativeInteger, 8080)
    .addHelpText("after", routesHelp)
    .action(async (options: { host: string; port: number }, command: Command) => {
      const config = configFromCommand(command);
      const logger = createCliLogger();
      announceModels(config, logger);
      const recall = await openRecall(config, { workers: true });
      const { serveRecall } = await import("../../server/serve-recall.ts");
      // A failure to start (no key for a public host, a model that does not load, a port in use) stops the model
      // workers too: they would keep the process alive.
      const server = await (async () => {
        await guardPublicHost(recall, options.host);
        // Load the models that every ask needs now, so that a bad model fails at start, not on the first request.
        await Promise.all([recall.models.language(), recall.models.embedding()]);
        // And the prompt format it is spoken to in: promptFormat "chat" for a model without a chat template fails here.
        await recall.promptFormat();
        // The request log goes to standard output as JSON lines; these notices stay on standard error.
        return serveRecall(recall, options);
      })().catch(async (error: unknown) => {
        await recall.close();
        throw error;
      });
      logger.info(`listening on ${server.url}`);
      // Upload jobs: this server's heartbeat, and the jobs of servers that died, taken over.
      recall.jobs.watchForAbandonedJobs({ logger });
      // Corpus versions replaced by a re-embed or re-chunk are dropped once their grace period is over.
      const dropRetired = setInterval(() => {
        recall.corpora.dropRetiredVersions().then(
          (dropped) => {
            if (dropped.length > 0) logger.info(`dropped replaced corpus versions: ${dropped.join(", ")}`);
          },
          (error: unknown) =>
            logger.warn(`could not drop replaced corpus versions: ${error instanceof Error ? error.message : error}`),
        );
      }, 60_000);
      dropRetired.unref();
      let stopping = false;
      const stop = (signal: string): void => {
        // A wrapper (npm, tsx) or a process-group kill can deliver the same signal twice: the drain is bounded anyway.
        if (stopping) return;
        stopping = true;
        clearInterval(dropRetired);
        logger.info(
          `${signal}: finishing requests in flight (up to ${recall.settings.shutdownGraceMs} ms), then stopping`,
        );
        server.shutdown().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error(`could not shut down cleanly: ${error instanceof Error ? error.message : String(error)}`);
            process.exit(1);
          },
        );
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
      // Once, at start: the corpora that the bundled tiny generator, if it is the language model, cannot answer about.
      const notice = await recall.corpora
        .records()
        .then((corpora) => recall.tinyGenerator.forCorpora(corpora.map((corpus) => corpus.name)))
        .catch(() => undefined);
      if (notice) logger.info(notice);
    });
}
