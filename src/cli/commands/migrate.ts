import type { Command } from "commander";
import { configFromCommand } from "../global-options.ts";
import { openRecall } from "../open-recall.ts";

/** `recall migrate`: applies the SQL migrations (every command also does so when it opens the data folder). */
export function registerMigrateCommand(program: Command): void {
  program
    .command("migrate")
    .description("create or upgrade the SQL tables in the data folder")
    .action(async (_options: unknown, command: Command) => {
      const config = configFromCommand(command);
      await (await openRecall(config)).close();
      process.stdout.write(`migrated ${config.home}\n`);
    });
}
