import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { AskFigures, StrategyRun } from "../../evaluation/evaluate-ask.ts";
import { configFromCommand } from "../global-options.ts";
import { openRecall } from "../open-recall.ts";
import { outputFile } from "../output-file.ts";
import { jsonObjectParser } from "../parse-json-object.ts";
import { type QuestionSetOptions, withQuestionSetOptions } from "../question-set-options.ts";

interface EvalAskOptions extends QuestionSetOptions {
  strategies: string[];
  params: Record<string, unknown>;
  report?: string;
  json?: boolean;
}

const columns: [Exclude<keyof AskFigures, "exactMatchByKind">, string][] = [
  ["exactMatch", "EM"],
  ["f1", "F1"],
  ["retrievalsPerQuestion", "retr/q"],
  ["modelCallsPerQuestion", "calls/q"],
  ["tokensPerQuestion", "tokens/q"],
  ["latencyP50Ms", "p50 ms"],
  ["ece", "ECE"],
  ["auroc", "AUROC"],
  ["accuracyAt80Coverage", "acc@80%"],
  ["abstainRateUnanswerable", "abstain(unans)"],
  ["answerRateAnswerable", "answer(ans)"],
];

const parseParams = jsonObjectParser('{"flare": {"maxSteps": 2}}');

/** `recall eval ask`: strategies side by side on the same questions. */
export function registerEvalAskCommand(evaluation: Command): void {
  withQuestionSetOptions(
    evaluation
      .command("ask")
      .description("answer a question set with several strategies and compare accuracy, cost and calibration"),
  )
    .requiredOption(
      "--strategies <names>",
      "comma-separated strategies; label=strategy runs a strategy under another name (for ablations)",
      (value: string) => value.split(",").map((name) => name.trim()),
    )
    .option("--params <json>", "parameters by strategy or label, as a JSON object", parseParams, {})
    .option("--report <file>", "also write a static HTML report of the comparison", outputFile)
    .option("--json", "print one JSON object")
    .action(async (options: EvalAskOptions, command: Command) => {
      const config = configFromCommand(command);
      const [{ readAskDataset }, { evaluateAsk }, { renderReport }, { evaluationReport }] = await Promise.all([
        import("../../evaluation/ask-dataset.ts"),
        import("../../evaluation/evaluate-ask.ts"),
        import("../../experiments/report/html-report.ts"),
        import("../../experiments/report/report-sources.ts"),
      ]);
      const questions = [];
      for (const path of options.dataset) {
        const read = await readAskDataset([path], options.split ? { split: options.split } : {});
        questions.push(...read.slice(0, options.limit ?? read.length));
      }
      const runs: StrategyRun[] = options.strategies.map((entry) => {
        const [label, name = label] = entry.split("=") as [string, string?];
        return { label, name, parameters: options.params[label] ?? {} };
      });
      const recall = await openRecall(config);
      try {
        const evaluation = await evaluateAsk((request) => recall.ask(request), questions, runs, {
          corpus: options.corpus,
          mode: options.mode,
          onProgress: (done, total) => {
            if (!options.json && process.stderr.isTTY) process.stderr.write(`\r${done}/${total} asks`);
          },
        });
        if (options.report) {
          const subtitle = `${questions.length} questions from ${options.dataset.join(", ")}; corpus ${options.corpus}`;
          await writeFile(options.report, renderReport(evaluationReport(evaluation, subtitle)));
        }
        if (options.json) {
          const { strategies, comparisons } = evaluation;
          process.stdout.write(`${JSON.stringify({ questions: questions.length, strategies, comparisons })}\n`);
          return;
        }
        if (process.stderr.isTTY) process.stderr.write("\n");
        const header = ["strategy".padEnd(22), ...columns.map(([, label]) => label.padStart(9))].join(" ");
        const rows = Object.entries(evaluation.strategies).map(([name, figures]) =>
          [
            name.padEnd(22),
            ...columns.map(([key]) => {
              const value = figures[key];
              return (value === null ? "-" : Number.isInteger(value) ? String(value) : value.toFixed(3)).padStart(9);
            }),
          ].join(" "),
        );
        const byKind = Object.entries(evaluation.strategies).map(
          ([name, figures]) =>
            `${name} EM by kind: ${Object.entries(figures.exactMatchByKind)
              .map(([kind, value]) => `${kind} ${value.toFixed(3)}`)
              .join(", ")}`,
        );
        const signed = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(3)}`;
        const paired = Object.entries(evaluation.comparisons).map(([label, { against, exactMatch, mcnemar }]) =>
          [
            `${label} vs ${against}: EM ${signed(exactMatch.estimate)}`,
            `(95% CI ${signed(exactMatch.low)} to ${signed(exactMatch.high)}),`,
            `McNemar p = ${mcnemar.pValue.toFixed(3)}`,
            `(${mcnemar.onlyFirst} right only for ${against}, ${mcnemar.onlyThis} only for ${label})`,
          ].join(" "),
        );
        process.stdout.write(
          `${questions.length} questions, corpus ${options.corpus}\n${[header, ...rows, "", ...byKind, "", ...paired].join("\n")}\n`,
        );
      } finally {
        await recall.close();
      }
    });
}
