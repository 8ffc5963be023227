import { type Logger, noopLogger } from "../logging/logger.ts";
import { settlesWithin } from "../util/settles-within.ts";
import type { InFlightRequests } from "./in-flight-requests.ts";
import { ShuttingDownError } from "./shutting-down-error.ts";
import type { RunningServer } from "./start-server.ts";

export interface GracefulShutdownOptions {
  readonly server: Pick<RunningServer, "close" | "closeConnections">;
  /** The requests the app tracks (the same object `createApp` was given). */
  readonly inFlight: InFlightRequests;
  /** How long requests in flight may take to finish before they are aborted (server.shutdownGraceMs). */
  readonly graceMs: number;
  /**
   * After the abort, how long aborted requests get to answer (a 503 `shutting_down`) and their work to unwind before
   * their connections are dropped, and again after that. Default 2,000 ms.
   */
  readonly abortWaitMs?: number;
  /** Closes what the requests used (the stores), once none is left. */
  readonly close: () => void | Promise<void>;
  readonly logger?: Logger;
}

/** How a shutdown went: requests that finished within the grace period, and those aborted after it. */
export interface ShutdownSummary {
  readonly finished: number;
  readonly aborted: number;
}

/**
 * Shuts a server down without cutting off its users: stops accepting connections, refuses new requests on open ones
 * (503 `shutting_down`, and /healthz answers 503 `draining`), lets the requests in flight — asks and streams — finish
 * within the grace period, then aborts the rest through their abort signals (which reach the models) and drops their
 * connections, and closes the stores last, when no request can use them any more.
 */
export async function gracefulShutdown(options: GracefulShutdownOptions): Promise<ShutdownSummary> {
  const { server, inFlight, graceMs } = options;
  const logger = options.logger ?? noopLogger;
  const abortWaitMs = options.abortWaitMs ?? 2000;
  const running = inFlight.size;
  inFlight.drain();
  logger.info("shutting down", { inFlight: running, graceMs });
  const closed = server.close().catch((error: unknown) => {
    logger.warn("the server did not close cleanly", { error: error instanceof Error ? error.message : String(error) });
  });

  let aborted = 0;
  if (!(await settlesWithin(inFlight.idle(), graceMs))) {
    aborted = inFlight.abortAll(ShuttingDownError.afterGrace(graceMs));
    logger.warn("aborting requests still in flight after the grace period", { aborted, graceMs });
    if (!(await settlesWithin(inFlight.idle(), abortWaitMs))) {
      server.closeConnections();
      if (!(await settlesWithin(inFlight.idle(), abortWaitMs)))
        logger.warn("requests still running after their connections closed", { running: inFlight.size });
    }
  }
  server.closeConnections();
  await settlesWithin(closed, abortWaitMs);
  await options.close();
  const summary = { finished: running - aborted, aborted };
  logger.info("shut down", summary);
  return summary;
}
