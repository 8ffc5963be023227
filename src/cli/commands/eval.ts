import type { Command } from "commander";
import { worldFolder } from "../../config/bundled-models.ts";
import { measureModelTargets } from "../../evaluation/model-targets.ts";
import { loadEmbeddingModel, loadLanguageModel } from "../../models/load-models.ts";
import { createCliLogger } from "../cli-logger.ts";
import { configFromCommand } from "../global-options.ts";
import { announceModels } from "../model-notice.ts";
import { parsePositiveInteger } from "../parse-number.ts";

const targets = {
  knownExactMatch: 0.9,
  passageExactMatch: 0.8,
  knownVsUnknownAuroc: 0.9,
  encoderRecallAt5: 0.9,
} as const;

/** `recall eval ...`: measurements on question sets. */
export function registerEvalCommand(program: Command): void {
  const evaluation = program.command("eval").description("measure models and strategies on question sets");
  evaluation
    .command("models")
    .description("measure the configured models on the tiny world against the bundled models' targets")
    .option("--json", "print one JSON object")
    .option("--limit <n>", "use at most n questions of each set", parsePositiveInteger)
    .option("--world <folder>", "the tiny world's folder", worldFolder)
    .action(async (options: { json?: boolean; limit?: number; world: string }, command: Command) => {
      const config = configFromCommand(command);
      announceModels(config, createCliLogger());
      const languageModel = await loadLanguageModel(config.models.language, config);
      const embeddingModel = await loadEmbeddingModel(config.models.embedding, config);
      const started = performance.now();
      const figures = await measureModelTargets({
        languageModel,
        embeddingModel,
        worldFolder: options.world,
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      });
      const seconds = (performance.now() - started) / 1000;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...figures, seconds: Math.round(seconds * 10) / 10 })}\n`);
        return;
      }
      const lines = Object.entries(targets).map(([name, floor]) => {
        const value = figures[name as keyof typeof targets];
        return `${name.padEnd(22)} ${value.toFixed(3)}  (target >= ${floor.toFixed(2)}) ${value >= floor ? "ok" : "BELOW TARGET"}`;
      });
      const counts = figures.questions;
      lines.push(
        `questions: ${counts.known} known, ${counts.passage} held-out with passage, ${counts.unknown} held-out closed-book, ${counts.retrieval} for retrieval; ${seconds.toFixed(1)} s`,
      );
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
