import { type Command, InvalidArgumentError } from "commander";
import type { CalibrationConditions } from "../../db/schema.ts";
import { type StrategyName, strategyNames } from "../../strategies/strategies.ts";
import { configFromCommand } from "../global-options.ts";
import { openRecall } from "../open-recall.ts";
import { type QuestionSetOptions, withQuestionSetOptions } from "../question-set-options.ts";

interface CalibrateOptions extends QuestionSetOptions {
  strategy?: StrategyName[];
  json?: boolean;
}

function parseStrategies(value: string): StrategyName[] {
  const names = value.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!(strategyNames as string[]).includes(name))
      throw new InvalidArgumentError(`"${name}" is not a strategy; use one of ${strategyNames.join(", ")}`);
  }
  return names as StrategyName[];
}

/** "dtype fp32, promptFormat bundled": the settings a calibration was fitted under, for a person. */
function conditionsText(conditions: CalibrationConditions | null): string {
  if (conditions === null) return "not recorded";
  return Object.entries(conditions)
    .map(([setting, value]) => `${setting} ${value}`)
    .join(", ");
}

/**
 * `recall calibrate`: fits the configured language model's confidence calibration, abstention threshold and
 * recall-then-retrieve's retrieval gate on labelled questions, and stores them under the model's id, with the settings
 * they were fitted under (weights, prompt format, endpoint), for its asks under the same settings.
 */
export function registerCalibrateCommand(program: Command): void {
  withQuestionSetOptions(
    program
      .command("calibrate")
      .description("fit the language model's confidence, abstention and retrieval gate on labelled questions"),
  )
    .option(
      "--strategy <names>",
      "comma-separated strategies whose answers to fit on (default: all; the gate needs recall-then-retrieve)",
      parseStrategies,
    )
    .option("--json", "print one JSON object")
    .action(async (options: CalibrateOptions, command: Command) => {
      const config = configFromCommand(command);
      const { readAskDataset } = await import("../../evaluation/ask-dataset.ts");
      const questions = [];
      for (const path of options.dataset) {
        const read = await readAskDataset([path], options.split ? { split: options.split } : {});
        questions.push(...read.slice(0, options.limit ?? read.length));
      }
      const recall = await openRecall(config);
      try {
        const { record, fit } = await recall.calibrate({
          questions,
          datasets: options.dataset,
          corpus: options.corpus,
          strategies: options.strategy,
          mode: options.mode,
          onProgress: (done, total) => {
            if (!options.json && process.stderr.isTTY) process.stderr.write(`\r${done}/${total} asks`);
          },
        });
        const { modelId, datasets, corpus, strategies, fittedAt, conditions } = record;
        if (options.json) {
          const figures = { modelId, conditions, ...fit, datasets, corpus, strategies, fittedAt };
          process.stdout.write(`${JSON.stringify(figures)}\n`);
          return;
        }
        if (process.stderr.isTTY) process.stderr.write("\n");
        const weights = Object.entries(fit.calibration)
          .map(([name, value]) => `${name} ${value}`)
          .join(", ");
        const gate = fit.gate
          ? `retrieveBelow ${fit.gate.retrieveBelow}, agreementBelow ${fit.gate.agreementBelow} (EM ${fit.gate.exactMatch}, ${fit.gate.retrievals} retrievals a question)`
          : "not fitted (recall-then-retrieve was not among the strategies): the neutral gate holds";
        process.stdout.write(
          [
            `${modelId}: calibrated on ${fit.questions} questions (${datasets.join(", ")}), corpus ${corpus}, answers of ${strategies.join(", ")}`,
            `calibration   ${weights}`,
            `abstainBelow  ${fit.abstainBelow}`,
            `gate          ${gate}`,
            `fitted under  ${conditionsText(conditions)}`,
            "Stored; asks of this model under these settings use it from now on (a running server reads it at its next start).",
            "",
          ].join("\n"),
        );
      } finally {
        await recall.close();
      }
    });
}
