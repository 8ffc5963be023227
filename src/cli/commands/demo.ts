import { join } from "node:path";
import type { Command } from "commander";
import { worldFolder } from "../../config/bundled-models.ts";
import { defaultStrategy } from "../../strategies/strategies.ts";
import { readQaSet } from "../../world/qa-sets.ts";
import { createCliLogger } from "../cli-logger.ts";
import { formatAnswer, formatTrace } from "../format-trace.ts";
import { configFromCommand } from "../global-options.ts";
import { announceModels } from "../model-notice.ts";
import { openRecall } from "../open-recall.ts";

/**
 * `recall demo`: Recall end to end on the embedded defaults. Indexes the tiny world's corpus into the data folder
 * (LanceDB files and SQLite; a second run finds it unchanged), then answers four questions with
 * recall-then-retrieve — one the model knows, one only the corpus knows, one nobody knows, and one whose first hop the
 * model knows and whose second only the corpus does — showing each step's candidates, rewards and retrieval decisions.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("index the tiny world and answer questions with recall-then-retrieve, showing every decision")
    .option(
      "-q, --question <text...>",
      "your own questions (default: one known, one only in the corpus, one in neither, one whose second hop only the corpus knows)",
    )
    .option("--strategy <name>", "the strategy to answer with", defaultStrategy)
    .action(async (options: { question?: string[]; strategy: string }, command: Command) => {
      const config = configFromCommand(command);
      const logger = createCliLogger();
      announceModels(config, logger);
      const recall = await openRecall(config);
      const write = (line: string): void => void process.stdout.write(`${line}\n`);
      try {
        const indexed = await recall.corpora.index({
          corpus: "world",
          paths: [join(worldFolder, "corpus")],
          chunkSize: 48,
          overlap: 8,
        });
        write(
          `corpus "world" in ${config.home}: ${indexed.documents} documents (${indexed.embedded} chunks embedded now, ${indexed.skipped} documents unchanged)`,
        );
        for (const question of options.question ?? (await defaultQuestions())) {
          const response = await recall.ask({ question, corpus: "world", strategy: options.strategy });
          write("");
          for (const line of [...formatTrace(response.trace), ...formatAnswer(response).slice(1)]) write(line);
        }
        write("");
        write(
          'Next: `npx recall serve`, then open its address in a browser for the console, or POST /v1/ask (see the README), or `npx recall ask "..." --corpus world --trace`.',
        );
      } finally {
        await recall.close();
      }
    });
}

async function defaultQuestions(): Promise<string[]> {
  const [known] = await readQaSet(worldFolder, "known");
  const unknown = (await readQaSet(worldFolder, "unknown")).find((record) => record.split === "test");
  const absent = (await readQaSet(worldFolder, "absent")).find((record) => record.split === "test");
  const bridge = (await readQaSet(worldFolder, "two-hop")).find(
    (record) => record.split === "test" && record.shape === "bridge" && record.firstHopLearned,
  );
  return [known, unknown, absent, bridge].flatMap((record) => (record ? [record.question] : []));
}
