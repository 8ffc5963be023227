import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { RecallApp } from "../../app/recall-app.ts";
import type { ExperimentRecord } from "../../db/experiment-records.ts";
import { InvalidExperimentError } from "../../experiments/experiment-errors.ts";
import type { ExperimentAction } from "../../experiments/experiment-lifecycle.ts";
import type { ExperimentResults } from "../../experiments/experiment-results.ts";
import { configFromCommand } from "../global-options.ts";
import { openRecall } from "../open-recall.ts";
import { outputFile } from "../output-file.ts";

const describeExperiment = (record: ExperimentRecord): string =>
  `${record.name}\t${record.status}\t${record.variants.map((variant) => `${variant.name}=${variant.strategy} (weight ${variant.weight})`).join(", ")}`;

function formatResults(results: ExperimentResults): string {
  const percent = (value: number | undefined) => (value === undefined ? "-" : `${(value * 100).toFixed(1)}%`);
  const lines = [`experiment ${results.experiment} (${results.status})`];
  for (const variant of results.variants) {
    lines.push(
      `  ${variant.variant} (${variant.strategy}): ${variant.asks} asks, ${variant.errors} errors, feedback ${variant.feedback.mean ? variant.feedback.mean.estimate.toFixed(3) : "-"} (n=${variant.feedback.count}), correct ${percent(variant.correct.rate?.estimate)} (n=${variant.correct.count}), abstained ${percent(variant.abstentionRate?.estimate)}, ${variant.retrievalsPerAsk.toFixed(2)} retrievals/ask, ${Math.round(variant.tokensPerAsk)} tokens/ask, p50 ${Math.round(variant.latencyMs.p50)} ms, p95 ${Math.round(variant.latencyMs.p95)} ms`,
    );
  }
  lines.push(`verdict: ${results.verdict}`);
  return lines.join("\n");
}

/** `recall experiments create|list|pause|resume|stop|delete|report|results`: online A/B tests between strategies. */
export function registerExperimentsCommand(program: Command): void {
  const experiments = program.command("experiments").description("online A/B tests between strategies");
  const run = async (command: Command, work: (recall: RecallApp) => Promise<string | unknown>, json?: boolean) => {
    const recall = await openRecall(configFromCommand(command));
    try {
      const result = await work(recall);
      process.stdout.write(`${json || typeof result !== "string" ? JSON.stringify(result) : result}\n`);
    } finally {
      await recall.close();
    }
  };

  experiments
    .command("create")
    .description("create a running experiment from a JSON file (the body POST /v1/experiments takes)")
    .requiredOption(
      "--file <path>",
      "the experiment: name, description, corpus, variants [{name, strategy, params, weight}]",
    )
    .action(async (options: { file: string }, command: Command) => {
      let definition: unknown;
      try {
        definition = JSON.parse(await readFile(options.file, "utf8"));
      } catch (error) {
        throw new InvalidExperimentError(`Could not read ${options.file} as JSON: ${(error as Error).message}.`);
      }
      await run(
        command,
        async (recall) => `created ${describeExperiment(await recall.experiments.create(definition))}`,
      );
    });

  experiments
    .command("list")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      await run(
        command,
        async (recall) => {
          const records = await recall.experiments.list();
          if (options.json) return { experiments: records };
          return records.length === 0
            ? "no experiments yet: create one with `recall experiments create --file ...`"
            : records.map(describeExperiment).join("\n");
        },
        options.json,
      );
    });

  for (const action of ["pause", "resume", "stop"] as const satisfies readonly ExperimentAction[]) {
    experiments
      .command(action)
      .argument("<name>")
      .action(async (name: string, _options: unknown, command: Command) => {
        await run(command, async (recall) => describeExperiment(await recall.experiments.change(name, action)));
      });
  }

  experiments
    .command("delete")
    .description("delete an experiment (the asks recorded through it stay recorded)")
    .argument("<name>")
    .action(async (name: string, _options: unknown, command: Command) => {
      await run(command, async (recall) => {
        await recall.experiments.delete(name);
        return `deleted ${name}`;
      });
    });

  experiments
    .command("report")
    .description("write a static HTML report (charts with intervals, reliability, latency, retrievals)")
    .argument("<name>")
    .requiredOption("--out <file>", "the HTML file to write", outputFile)
    .action(async (name: string, options: { out: string }, command: Command) => {
      await run(command, async (recall) => {
        const results = await recall.experiments.results(name);
        const [{ renderReport }, { experimentReport }] = await Promise.all([
          import("../../experiments/report/html-report.ts"),
          import("../../experiments/report/report-sources.ts"),
        ]);
        await writeFile(options.out, renderReport(experimentReport(results)));
        return `wrote ${options.out}`;
      });
    });

  experiments
    .command("results")
    .description("per-variant results, each variant against the first, and a verdict")
    .argument("<name>")
    .option("--json", "print JSON")
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      await run(
        command,
        async (recall) => {
          const results = await recall.experiments.results(name);
          const { answers: _answers, ...summary } = results;
          return options.json ? summary : formatResults(results);
        },
        options.json,
      );
    });
}
