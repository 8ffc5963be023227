import type { Command } from "commander";
import { openWorkspace } from "../../app/open-workspace.ts";
import { CorpusNotFoundError } from "../../db/corpus-errors.ts";
import { corpusCounts, corpusSummaries, deleteCorpusRecord, findCorpus } from "../../db/corpus-records.ts";
import { configFromCommand } from "../global-options.ts";

/** `recall corpora list|show|delete`. */
export function registerCorporaCommand(program: Command): void {
  const corpora = program.command("corpora").description("list, inspect and delete corpora");
  const write = (value: unknown, json: boolean | undefined, text: string): void => {
    process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
  };

  corpora
    .command("list")
    .description("every corpus with its model and counts")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const workspace = await openWorkspace(configFromCommand(command));
      try {
        const rows = await corpusSummaries(workspace.db);
        const text =
          rows.length === 0
            ? "no corpora yet: create one with `recall index <paths> --corpus NAME`"
            : rows
                .map((row) => `${row.name}\t${row.documents} documents\t${row.chunks} chunks\t${row.model}`)
                .join("\n");
        write({ corpora: rows }, options.json, text);
      } finally {
        workspace.close();
      }
    });

  corpora
    .command("show")
    .description("one corpus: documents, chunks, model, dimensions, tables")
    .argument("<name>")
    .option("--json", "print JSON")
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const workspace = await openWorkspace(configFromCommand(command));
      try {
        const corpus = await findCorpus(workspace.db, name);
        if (!corpus) throw new CorpusNotFoundError(name);
        const counts = await corpusCounts(workspace.db, name);
        const table = await workspace.store.existingTable(corpus.activeTable);
        const report = {
          name,
          ...counts,
          rows: table ? await table.count() : 0,
          model: corpus.embeddingModel,
          dimensions: corpus.dimensions,
          chunkSize: corpus.chunkSize,
          overlap: corpus.chunkOverlap,
          table: corpus.activeTable,
          reembedding: corpus.pendingTable ? { table: corpus.pendingTable, model: corpus.pendingModel } : null,
          createdAt: corpus.createdAt,
          updatedAt: corpus.updatedAt,
        };
        const text = Object.entries(report)
          .map(
            ([key, value]) =>
              `${key.padEnd(12)} ${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`,
          )
          .join("\n");
        write(report, options.json, text);
      } finally {
        workspace.close();
      }
    });

  corpora
    .command("delete")
    .description("delete a corpus: its tables and its records")
    .argument("<name>")
    .option("--json", "print JSON")
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const workspace = await openWorkspace(configFromCommand(command));
      try {
        const corpus = await findCorpus(workspace.db, name);
        if (!corpus) throw new CorpusNotFoundError(name);
        await workspace.store.drop(corpus.activeTable);
        if (corpus.pendingTable) await workspace.store.drop(corpus.pendingTable);
        await deleteCorpusRecord(workspace.db, name);
        write({ deleted: name }, options.json, `deleted corpus ${name}`);
      } finally {
        workspace.close();
      }
    });
}
