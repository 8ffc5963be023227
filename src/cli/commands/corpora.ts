import type { Command } from "commander";
import { formatCorpusCheck } from "../format-corpus-check.ts";
import { configFromCommand } from "../global-options.ts";
import { openRecall } from "../open-recall.ts";
import { exitCodes } from "../report-error.ts";

/** `recall corpora list|show|check|delete`. */
export function registerCorporaCommand(program: Command): void {
  const corpora = program.command("corpora").description("list, inspect, check and delete corpora");
  const write = (value: unknown, json: boolean | undefined, text: string): void => {
    process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
  };

  corpora
    .command("list")
    .description("every corpus with its model and counts")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const recall = await openRecall(configFromCommand(command));
      try {
        const rows = await recall.corpora.list();
        const text =
          rows.length === 0
            ? "no corpora yet: create one with `recall index <paths> --corpus NAME`"
            : rows
                .map((row) => `${row.name}\t${row.documents} documents\t${row.chunks} chunks\t${row.model}`)
                .join("\n");
        write({ corpora: rows }, options.json, text);
      } finally {
        await recall.close();
      }
    });

  corpora
    .command("show")
    .description("one corpus: documents, chunks, model, dimensions, tables")
    .argument("<name>")
    .option("--json", "print JSON")
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const recall = await openRecall(configFromCommand(command));
      try {
        const report = await recall.corpora.show(name);
        const text = Object.entries(report)
          .map(
            ([key, value]) =>
              `${key.padEnd(12)} ${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`,
          )
          .join("\n");
        write(report, options.json, text);
      } finally {
        await recall.close();
      }
    });

  corpora
    .command("check")
    .description(
      "compare a corpus's records with its tables (rows, duplicated chunks, orphan rows, missing chunks); exits 1 on problems",
    )
    .argument("<name>")
    .option(
      "--repair",
      "mend what the check finds: keep one row per chunk, delete orphan rows, mark documents missing chunks for `recall index`",
    )
    .option("--json", "print JSON")
    .action(async (name: string, options: { json?: boolean; repair?: boolean }, command: Command) => {
      const recall = await openRecall(configFromCommand(command));
      try {
        const outcome = await recall.corpora.check(name, { repair: options.repair === true });
        write(outcome, options.json, formatCorpusCheck(outcome));
        if (!outcome.healthy) process.exitCode = exitCodes.failure;
      } finally {
        await recall.close();
      }
    });

  corpora
    .command("delete")
    .description("delete a corpus: its tables and its records")
    .argument("<name>")
    .option("--json", "print JSON")
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const recall = await openRecall(configFromCommand(command));
      try {
        await recall.corpora.delete(name);
        write({ deleted: name }, options.json, `deleted corpus ${name}`);
      } finally {
        await recall.close();
      }
    });
}
