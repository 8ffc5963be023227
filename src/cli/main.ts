import { Command } from "commander";
import { RecallError } from "../errors/recall-error.ts";
import { registerAskCommand } from "./commands/ask.ts";
import { registerCorporaCommand } from "./commands/corpora.ts";
import { registerDemoCommand } from "./commands/demo.ts";
import { registerEvalCommand } from "./commands/eval.ts";
import { registerExperimentsCommand } from "./commands/experiments.ts";
import { registerIndexCommand } from "./commands/index.ts";
import { registerMigrateCommand } from "./commands/migrate.ts";
import { registerModelsCommand } from "./commands/models.ts";
import { registerSearchCommand } from "./commands/search.ts";
import { registerServeCommand } from "./commands/serve.ts";

const program = new Command()
  .name("recall")
  .description("Retrieval-augmented reasoning: recall first, check each step, retrieve only where a step is shaky.")
  .option("--config <file>", "JSON config file (default: RECALL_CONFIG, then ./recall.config.json)")
  .option("--home <folder>", "data folder for LanceDB and SQLite (default: RECALL_HOME, then ./.recall)")
  .option("--offline", "never download models; hub ids load only from the local cache")
  .showHelpAfterError();

registerDemoCommand(program);
registerIndexCommand(program);
registerCorporaCommand(program);
registerMigrateCommand(program);
registerSearchCommand(program);
registerAskCommand(program);
registerExperimentsCommand(program);
registerServeCommand(program);
registerModelsCommand(program);
registerEvalCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof RecallError) {
    process.stderr.write(`error [${error.code}]: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
