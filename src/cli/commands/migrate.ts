import type { Command } from "commander";
import { postgresLocation } from "../../db/database-unavailable-error.ts";
import { configFromCommand } from "../global-options.ts";
import { openRecall } from "../open-recall.ts";

/** `recall migrate`: applies the SQL migrations (every command also does so when it opens the data folder). */
export function registerMigrateCommand(program: Command): void {
  program
    .command("migrate")
    .description("create or upgrade the SQL tables (SQLite in the data folder, or PostgreSQL at database.url)")
    .action(async (_options: unknown, command: Command) => {
      const config = configFromCommand(command);
      await (await openRecall(config)).close();
      process.stdout.write(
        `migrated ${config.database.url === undefined ? config.home : `PostgreSQL ${postgresLocation(config.database.url)}`}\n`,
      );
    });
}
