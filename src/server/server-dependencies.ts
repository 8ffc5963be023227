import type { RecallApp } from "../app/recall-app.ts";
import type { Logger } from "../logging/logger.ts";
import type { InFlightRequests } from "./in-flight-requests.ts";

/** What the routes may touch: the application and a logger. */
export interface ServerDependencies {
  readonly app: RecallApp;
  /** Where the request log and server failures go (`recall serve`: JSON lines on standard output). */
  readonly logger: Logger;
  /** The requests in flight, which a graceful shutdown drains; `createApp` makes its own when none is given. */
  readonly inFlight?: InFlightRequests;
}
