import type { RecallApp } from "../app/recall-app.ts";
import type { Logger } from "../logging/logger.ts";

/** What the routes may touch: the application and a logger. */
export interface ServerDependencies {
  readonly app: RecallApp;
  readonly logger: Logger;
}
