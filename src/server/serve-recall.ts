import type { RecallApp } from "../app/recall-app.ts";
import { createJsonLogger } from "../logging/json-logger.ts";
import type { Logger } from "../logging/logger.ts";
import { createApp } from "./create-app.ts";
import { gracefulShutdown, type ShutdownSummary } from "./graceful-shutdown.ts";
import { InFlightRequests } from "./in-flight-requests.ts";
import { startServer } from "./start-server.ts";

export interface ServeOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The request log and the server's own lines; JSON lines on standard output by default. */
  readonly logger?: Logger;
  /**
   * After the grace period, how long the aborted requests get to answer (503 `shutting_down`) before their
   * connections are dropped; 2,000 ms by default (see `gracefulShutdown`).
   */
  readonly abortWaitMs?: number;
}

/** A Recall being served: its address, and how to stop it. */
export interface ServedRecall {
  readonly url: string;
  /**
   * Shuts down gracefully (see `gracefulShutdown`) within the app's `server.shutdownGraceMs`, its index jobs stopping
   * meanwhile within the same grace period, then closes the app (its model workers and stores). Calling it again
   * returns the same shutdown.
   */
  shutdown(): Promise<ShutdownSummary>;
}

/** Serves a Recall's HTTP API on host:port, with its request log, its metrics and a graceful shutdown. */
export async function serveRecall(recall: RecallApp, options: ServeOptions): Promise<ServedRecall> {
  const logger = options.logger ?? createJsonLogger();
  const inFlight = new InFlightRequests();
  recall.metrics.collectProcessMetrics();
  const server = await startServer(createApp({ app: recall, logger, inFlight }), options);
  let shutdown: Promise<ShutdownSummary> | undefined;
  return {
    url: server.url,
    shutdown: () => {
      if (shutdown) return shutdown;
      // Index jobs stop alongside the requests, within the same grace period (see IndexJobService.close).
      const jobsStopped = recall.jobs.close({ logger });
      shutdown = gracefulShutdown({
        server,
        inFlight,
        graceMs: recall.settings.shutdownGraceMs,
        ...(options.abortWaitMs === undefined ? {} : { abortWaitMs: options.abortWaitMs }),
        logger,
        close: async () => {
          await jobsStopped;
          await recall.close();
        },
      });
      return shutdown;
    },
  };
}
