import type { Command } from "commander";
import type { RetrievalMode } from "../../../retrievers/passage.ts";
import { defaultStrategy, strategyNames } from "../../strategies/strategies.ts";
import { calibrationNoticeFor } from "../calibration-notice.ts";
import { formatAnswer, formatTrace } from "../format-trace.ts";
import { configFromCommand } from "../global-options.ts";
import { withinLimit } from "../limited-option.ts";
import { openRecall } from "../open-recall.ts";
import { jsonObjectParser } from "../parse-json-object.ts";
import { parseRetrievalMode } from "../parse-retrieval-mode.ts";
import { questionArgument } from "../question-argument.ts";

interface AskOptions {
  corpus?: string;
  strategy: string;
  params: Record<string, unknown>;
  mode: RetrievalMode;
  trace?: boolean;
  json?: boolean;
}

const parseParams = jsonObjectParser('{"samples": 8}');

/** Said after an answer to a question asked without a corpus: nothing was looked up. */
export const fromMemoryNotice =
  "Answered from memory alone: no --corpus was given, so nothing was looked up. Add --corpus NAME to let it retrieve (recall corpora list shows them).";

/** `recall ask "question"`: one answer with its sources, and with --trace the steps and decisions behind it. */
export function registerAskCommand(program: Command): void {
  program
    .command("ask")
    .description("answer a question with a recall strategy")
    .argument("<question>")
    .option("--corpus <name>", "the corpus to retrieve from (without one: closed-book)")
    .option("--strategy <name>", `one of ${strategyNames.join(", ")}`, defaultStrategy)
    .option("--params <json>", "the strategy's parameters as a JSON object", parseParams, {})
    .option(
      "--mode <mode>",
      "how retrievals search: dense, full-text or hybrid",
      parseRetrievalMode,
      "hybrid" as RetrievalMode,
    )
    .option("--trace", "print the steps, their rewards and the retrieval decisions")
    .option("--json", "print the answer (and with --trace the trace) as JSON")
    .action(async (question: string, options: AskOptions, command: Command) => {
      const config = configFromCommand(command);
      const { limits } = config.server;
      const asked = questionArgument(question, limits.questionChars);
      const samples = options.params.samples;
      if (typeof samples === "number") withinLimit(samples, limits, "samples", "--params samples");
      const recall = await openRecall(config);
      try {
        const response = await recall.ask({
          question: asked,
          corpus: options.corpus,
          strategy: options.strategy,
          parameters: options.params,
          mode: options.mode,
        });
        if (options.json) {
          const { trace, answerTokens: _tokens, ...answer } = response;
          process.stdout.write(`${JSON.stringify(options.trace ? response : answer)}\n`);
        } else {
          const lines = options.trace ? [...formatTrace(response.trace), ""] : [];
          process.stdout.write(`${[...lines, ...formatAnswer(response)].join("\n")}\n`);
        }
        // Standard error, after the answer: the bundled tiny generator asked about a corpus it was not trained on.
        const notice = await recall.tinyGenerator.forCorpora([options.corpus]);
        if (notice) process.stderr.write(`${notice}\n`);
        if (options.corpus === undefined) process.stderr.write(`${fromMemoryNotice}\n`);
        if (!response.calibrated) process.stderr.write(`${calibrationNoticeFor(await recall.languageCalibration())}\n`);
      } finally {
        await recall.close();
      }
    });
}
