import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { projectRoot } from "../util/project-root.ts";
import { registerAskCommand } from "./commands/ask.ts";
import { registerCalibrateCommand } from "./commands/calibrate.ts";
import { registerCorporaCommand } from "./commands/corpora.ts";
import { registerDemoCommand } from "./commands/demo.ts";
import { registerEvalCommand } from "./commands/eval.ts";
import { registerExperimentsCommand } from "./commands/experiments.ts";
import { registerIndexCommand } from "./commands/index.ts";
import { registerKeysCommand } from "./commands/keys.ts";
import { registerMigrateCommand } from "./commands/migrate.ts";
import { registerModelsCommand } from "./commands/models.ts";
import { registerSearchCommand } from "./commands/search.ts";
import { registerServeCommand } from "./commands/serve.ts";
import { exitCodesHelp, reportError } from "./report-error.ts";

const { version } = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string };

const program = new Command()
  .name("recall")
  .version(version, "-V, --version", "print the version of Recall")
  .description("Retrieval-augmented reasoning: recall first, check each step, retrieve only where a step is shaky.")
  .option("--config <file>", "JSON config file (default: RECALL_CONFIG, then ./recall.config.json)")
  .option("--home <folder>", "data folder for LanceDB and SQLite (default: RECALL_HOME, then ./.recall)")
  .option("--offline", "never download models; hub ids load only from the local cache")
  .addHelpText("after", exitCodesHelp)
  .showHelpAfterError();

registerDemoCommand(program);
registerIndexCommand(program);
registerCorporaCommand(program);
registerMigrateCommand(program);
registerSearchCommand(program);
registerAskCommand(program);
registerExperimentsCommand(program);
registerServeCommand(program);
registerKeysCommand(program);
registerModelsCommand(program);
registerEvalCommand(program);
registerCalibrateCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(
    error,
    (text) => process.stderr.write(text),
    /^(1|true|yes)$/i.test(process.env.RECALL_DEBUG ?? ""),
  );
}
