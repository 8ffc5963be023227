import { type Command, Option } from "commander";
import type { HybridWeights } from "../../../retrievers/hybrid-retriever.ts";
import type { RetrievalMode } from "../../../retrievers/passage.ts";
import type { RetrievalHops } from "../../../retrievers/two-hop-retriever.ts";
import { loadEmbeddingModel, loadLanguageModel } from "../../app/load-models.ts";
import { worldFolder } from "../../config/bundled-models.ts";
import { BundledFormat } from "../../reasoning/formats/bundled-format.ts";
import { createCliLogger } from "../cli-logger.ts";
import { configFromCommand } from "../global-options.ts";
import { announceModels } from "../model-notice.ts";
import { openRecall } from "../open-recall.ts";
import { parsePositiveInteger } from "../parse-number.ts";
import { parseRetrievalMode } from "../parse-retrieval-mode.ts";
import { hopsOption, rerankCandidatesOf, rerankOption, weightsOption } from "../retrieval-options.ts";
import { registerEvalAskCommand } from "./eval-ask.ts";

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
      const { measureModelTargets } = await import("../../evaluation/model-targets.ts");
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

  evaluation
    .command("retrieval")
    .description("rank a corpus's documents for a benchmark's queries: nDCG@10, recall@2/5/10/100, MRR@10")
    .requiredOption(
      "--dataset <path>",
      "a BEIR folder (queries.jsonl, qrels/test.tsv), a HotpotQA, 2WikiMultihopQA or MuSiQue file as published (.json or .jsonl), or a world question file",
    )
    .requiredOption("--corpus <name>", "the corpus that holds the dataset's documents (index it first)")
    .option("--mode <mode>", "dense, full-text or hybrid", parseRetrievalMode, "hybrid" as RetrievalMode)
    .addOption(weightsOption())
    .addOption(rerankOption())
    .addOption(hopsOption())
    .addOption(
      new Option(
        "--query <what>",
        "what dense search embeds: the question, or the model's closed-book draft answer (HyDE)",
      )
        .choices(["question", "draft"])
        .default("question"),
    )
    .addOption(
      new Option("--split <split>", "world question files: only this split's questions").choices([
        "train",
        "dev",
        "test",
      ]),
    )
    .option("--json", "print one JSON object")
    .action(
      async (
        options: {
          dataset: string;
          corpus: string;
          mode: RetrievalMode;
          query: "question" | "draft";
          split?: "train" | "dev" | "test";
          rerank?: number | boolean;
          weights?: HybridWeights;
          hops: RetrievalHops;
          json?: boolean;
        },
        command: Command,
      ) => {
        const config = configFromCommand(command);
        const [
          { readRetrievalDataset },
          { evaluateRetrieval },
          { checkDatasetCoverage },
          { findDocuments },
          { draftAnswer },
        ] = await Promise.all([
          import("../../evaluation/retrieval-dataset.ts"),
          import("../../evaluation/evaluate-retrieval.ts"),
          import("../../evaluation/dataset-coverage.ts"),
          import("../../db/document-records.ts"),
          import("../../reasoning/draft-answer.ts"),
        ]);
        const dataset = await readRetrievalDataset(options.dataset, options.split ? { split: options.split } : {});
        const recall = await openRecall(config);
        try {
          const retriever = await recall.openRetriever({
            corpus: options.corpus,
            mode: options.mode,
            rerank: rerankCandidatesOf(options.rerank),
            weights: options.weights,
            hops: options.hops,
          });
          await checkDatasetCoverage(dataset, {
            corpus: options.corpus,
            findDocuments: (ids) => findDocuments(recall.db, options.corpus, ids),
            logger: createCliLogger(),
          });
          const languageModel = options.query === "draft" ? await recall.models.language() : undefined;
          const format = languageModel ? await recall.promptFormat() : undefined;
          const figures = await evaluateRetrieval(retriever, dataset, {
            ...(languageModel
              ? {
                  embedTextOf: async (question: string) =>
                    (await draftAnswer(languageModel, format ?? new BundledFormat(), { question })).completion.trim() ||
                    undefined,
                }
              : {}),
          });
          const searchesPerQuery = Math.round((retriever.searches / Math.max(figures.queries, 1)) * 100) / 100;
          if (options.json) {
            const run = { format: dataset.format, mode: options.mode, query: options.query, hops: options.hops };
            process.stdout.write(`${JSON.stringify({ ...run, ...figures, searchesPerQuery })}\n`);
            return;
          }
          const lines = Object.entries(figures).map(
            ([name, value]) => `${name.padEnd(10)} ${name === "queries" ? value : value.toFixed(4)}`,
          );
          process.stdout.write(
            `${dataset.format} dataset, ${options.mode} retrieval (${options.hops === 2 ? "two hops" : "one round"}) on corpus ${options.corpus}\n${lines.join("\n")}\nsearches a query: ${searchesPerQuery}\n`,
          );
        } finally {
          await recall.close();
        }
      },
    );
  registerEvalAskCommand(evaluation);
}
