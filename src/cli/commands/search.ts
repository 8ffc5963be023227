import type { Command } from "commander";
import type { HybridWeights } from "../../../retrievers/hybrid-retriever.ts";
import type { RetrievalMode } from "../../../retrievers/passage.ts";
import type { RetrievalHops } from "../../../retrievers/two-hop-retriever.ts";
import { configFromCommand } from "../global-options.ts";
import { withinLimit } from "../limited-option.ts";
import { openRecall } from "../open-recall.ts";
import { parsePositiveInteger } from "../parse-number.ts";
import { parseRetrievalMode } from "../parse-retrieval-mode.ts";
import { questionArgument } from "../question-argument.ts";
import { hopsOption, rerankCandidatesOf, rerankOption, weightsOption } from "../retrieval-options.ts";

/** `recall search "query" --corpus NAME`. */
export function registerSearchCommand(program: Command): void {
  program
    .command("search")
    .description("search a corpus and print the best passages")
    .argument("<query>")
    .requiredOption("--corpus <name>", "the corpus to search")
    .option("--mode <mode>", "dense, full-text or hybrid", parseRetrievalMode, "hybrid" as RetrievalMode)
    .option("--k <n>", "how many passages", parsePositiveInteger, 5)
    .addOption(weightsOption())
    .addOption(rerankOption())
    .addOption(hopsOption())
    .option("--json", "print JSON")
    .action(
      async (
        query: string,
        options: {
          corpus: string;
          mode: RetrievalMode;
          k: number;
          rerank?: number | boolean;
          weights?: HybridWeights;
          hops: RetrievalHops;
          json?: boolean;
        },
        command: Command,
      ) => {
        const config = configFromCommand(command);
        const { limits } = config.server;
        const checkedQuery = questionArgument(query, limits.questionChars, "query");
        const k = withinLimit(options.k, limits, "k", "--k");
        const rerank = withinLimit(rerankCandidatesOf(options.rerank), limits, "rerankCandidates", "--rerank");
        const recall = await openRecall(config);
        try {
          const { passages, searches } = await recall.search({
            corpus: options.corpus,
            query: checkedQuery,
            k,
            mode: options.mode,
            rerank,
            weights: options.weights,
            hops: options.hops,
          });
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ corpus: options.corpus, mode: options.mode, hops: options.hops, searches, passages })}\n`,
            );
            return;
          }
          const lines = passages.map(
            (passage, rank) =>
              `${rank + 1}. [${passage.chunkId}] ${passage.title} (score ${passage.score.toFixed(3)})\n   ${passage.text.replace(/\s+/g, " ").slice(0, 200)}`,
          );
          const rounds = options.hops === 2 ? `\n(two hops: ${searches} search${searches === 1 ? "" : "es"})` : "";
          process.stdout.write(`${lines.join("\n") || "no passages found"}${rounds}\n`);
        } finally {
          await recall.close();
        }
      },
    );
}
