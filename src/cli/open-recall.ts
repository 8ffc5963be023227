import type { RecallApp } from "../app/recall-app.ts";
import type { RecallConfig } from "../config/config-schema.ts";

/**
 * Opens the application for a command; `workers` runs the in-process models in worker threads (a server's choice). It is imported here, when a command runs, and not when the command line is
 * parsed: its stores and models take a second or more to import, and `recall --help` needs none of them.
 */
export async function openRecall(config: RecallConfig, options: { workers?: boolean } = {}): Promise<RecallApp> {
  const { RecallApp: App } = await import("../app/recall-app.ts");
  return App.open(config, options);
}
