import type { Command } from "commander";
import { createCliLogger } from "../cli-logger.ts";
import { configFromCommand } from "../global-options.ts";
import { createIndexProgress } from "../index-progress.ts";
import { announceModels } from "../model-notice.ts";
import { openRecall } from "../open-recall.ts";
import { parseNonNegativeInteger, parsePositiveInteger } from "../parse-number.ts";
import { exitCodes } from "../report-error.ts";

interface IndexCommandOptions {
  corpus: string;
  model?: string;
  chunkSize?: number;
  overlap?: number;
  rechunk?: boolean;
  batchSize: number;
  writeBatchSize: number;
  prune?: boolean;
  reembed?: boolean;
  json?: boolean;
  include?: string[];
  exclude?: string[];
  idField?: string;
  titleField?: string;
  textField?: string;
}

/** `recall index <paths...> --corpus NAME`: batch indexing, incremental and resumable. */
export function registerIndexCommand(program: Command): void {
  program
    .command("index")
    .description(
      "index files and folders (txt, md, html, pdf, jsonl, json) into a corpus; re-run it whenever they change",
    )
    .argument("<paths...>", "files and folders to index")
    .requiredOption("--corpus <name>", "the corpus to index into (created if new)")
    .option(
      "--model <id>",
      "embedding model: a local folder or a hub id (default: a new corpus gets the configured one, an existing corpus keeps its own)",
    )
    .option(
      "--chunk-size <tokens>",
      "tokens a chunk (default: the corpus's own; 200 for a new corpus)",
      parsePositiveInteger,
    )
    .option(
      "--overlap <tokens>",
      "tokens shared by neighbouring chunks (default: the corpus's own; 32 for a new corpus)",
      parseNonNegativeInteger,
    )
    .option("--rechunk", "change an existing corpus's chunking: every document is re-chunked and re-embedded")
    .option("--batch-size <chunks>", "chunks embedded together", parsePositiveInteger, 64)
    .option("--write-batch-size <rows>", "rows written to the table together", parsePositiveInteger, 1024)
    .option("--prune", "delete documents that are no longer in the sources")
    .option(
      "--reembed",
      "build new vectors with the model --model names (else the corpus's own); the old ones serve until the new ones are done",
    )
    .option("--include <globs...>", "only files matching these globs (relative to each folder)")
    .option("--exclude <globs...>", "leave out files matching these globs")
    .option("--id-field <field>", "JSON and JSONL: the field that holds a record's id")
    .option("--title-field <field>", "JSON and JSONL: the field that holds a record's title")
    .option("--text-field <field>", "JSON and JSONL: the field that holds a record's text")
    .option("--json", "print a JSON summary on standard output")
    .action(async (paths: string[], options: IndexCommandOptions, command: Command) => {
      const config = configFromCommand(command);
      const logger = createCliLogger();
      if (options.model === undefined) announceModels(config, logger);
      const embedding = options.model === undefined ? undefined : { ...config.models.embedding, model: options.model };
      const sources = {
        ...(options.include ? { include: options.include } : {}),
        ...(options.exclude ? { exclude: options.exclude } : {}),
        jsonl: {
          ...(options.idField ? { idField: options.idField } : {}),
          ...(options.titleField ? { titleField: options.titleField } : {}),
          ...(options.textField ? { textField: options.textField } : {}),
        },
      };
      const recall = await openRecall(config);
      const { estimateDocuments } = await import("../../../indexers/estimate-documents.ts");
      const progress = createIndexProgress({
        estimatedDocuments: await estimateDocuments(paths, sources),
        quiet: false,
      });
      try {
        const summary = await recall.corpora.index({
          logger,
          corpus: options.corpus,
          paths,
          ...(embedding ? { embedding } : {}),
          ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
          ...(options.overlap === undefined ? {} : { overlap: options.overlap }),
          rechunk: options.rechunk === true,
          batchSize: options.batchSize,
          writeBatchSize: options.writeBatchSize,
          prune: options.prune === true,
          reembed: options.reembed === true,
          sources,
          onProgress: (update) => progress.update(update),
        });
        progress.stop();
        for (const failure of summary.failures.slice(0, 20)) logger.warn(`skipped ${failure.uri}: ${failure.reason}`);
        if (summary.failures.length > 20)
          logger.warn(`... and ${summary.failures.length - 20} more (recorded with job ${summary.jobId})`);
        const { failures, ...counts } = summary;
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({ ...counts, seconds: Math.round(counts.seconds * 100) / 100, failures })}\n`,
          );
        } else {
          process.stdout.write(
            `${summary.corpus}: ${counts.documents} documents (${counts.skipped} unchanged), ${counts.embedded} chunks embedded, ` +
              `${counts.failed} failed, ${counts.pruned} pruned in ${counts.seconds.toFixed(1)} s\n`,
          );
        }
        const notice = await recall.tinyGenerator.forCorpora([summary.corpus]);
        if (notice) logger.info(notice);
        if (summary.failed > 0) process.exitCode = exitCodes.someDocumentsFailed;
      } finally {
        progress.stop();
        await recall.close();
      }
    });
}
