import { type Command, Option } from "commander";
import type { RetrievalMode } from "../../retrievers/passage.ts";
import { parsePositiveInteger } from "./parse-number.ts";
import { parseRetrievalMode } from "./parse-retrieval-mode.ts";

/** What the commands that ask a question set share: which questions, how many, and how retrievals search. */
export interface QuestionSetOptions {
  readonly dataset: string[];
  readonly corpus: string;
  readonly split?: "train" | "dev" | "test";
  readonly limit?: number;
  readonly mode: RetrievalMode;
}

/**
 * Adds --dataset, --corpus, --split, --limit and --mode to a command that asks a question set (`recall eval ask`,
 * `recall calibrate`).
 */
export function withQuestionSetOptions(command: Command): Command {
  return command
    .requiredOption(
      "--dataset <file...>",
      "question files: the world's qa/*.jsonl (answers; none means unanswerable) or HotpotQA-style lines",
    )
    .requiredOption("--corpus <name>", "the corpus to retrieve from")
    .addOption(
      new Option("--split <split>", "keep one split of the world's questions").choices(["train", "dev", "test"]),
    )
    .option("--limit <n>", "use at most n questions of each file", parsePositiveInteger)
    .option(
      "--mode <mode>",
      "how retrievals search: dense, full-text or hybrid",
      parseRetrievalMode,
      "hybrid" as RetrievalMode,
    );
}
