import { join } from "node:path";
import type { Command } from "commander";
import { ExhaustiveSearch } from "../../../retrievers/exhaustive-search.ts";
import { worldFolder } from "../../config/bundled-models.ts";
import { loadEmbeddingModel, loadLanguageModel } from "../../models/load-models.ts";
import { draftAnswer } from "../../reasoning/draft-answer.ts";
import { readQaSet } from "../../world/qa-sets.ts";
import { readWorldCorpus } from "../../world/world-corpus.ts";
import { createCliLogger } from "../cli-logger.ts";
import { configFromCommand } from "../global-options.ts";
import { announceModels } from "../model-notice.ts";

/** Below this answer probability the demo looks the question up instead of trusting the model's memory. */
const trustRecall = 0.5;
/** Below this, even with a passage, the demo says it does not know. */
const trustAnswer = 0.3;

/**
 * `recall demo`: the idea of Recall in miniature, on the bundled models and the tiny world. The model first answers
 * from memory; where its confidence is low, the question is looked up in the world corpus and answered again from
 * the passages found; where that is still unsure, the answer says so.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("answer a few tiny-world questions with the bundled models: recall, look up when unsure, or say so")
    .option(
      "-q, --question <text...>",
      "your own questions (default: one known, one only in the corpus, one in neither)",
    )
    .action(async (options: { question?: string[] }, command: Command) => {
      const config = configFromCommand(command);
      announceModels(config, createCliLogger());
      const languageModel = await loadLanguageModel(config.models.language, config);
      const embeddingModel = await loadEmbeddingModel(config.models.embedding, config);
      const documents = await readWorldCorpus(join(worldFolder, "corpus"));
      const search = await ExhaustiveSearch.build(
        embeddingModel,
        documents.flatMap((document) => document.paragraphs.map((text) => ({ documentId: document.id, text }))),
      );
      const questions = options.question ?? (await defaultQuestions());
      const write = (line: string): void => void process.stdout.write(`${line}\n`);

      for (const question of questions) {
        write(`\nQuestion: ${question}`);
        const recalled = await draftAnswer(languageModel, { question });
        const recallConfidence = Math.exp(recalled.answerLogprob);
        write(`  recalled: ${recalled.steps.join(" ") || "(nothing)"}  [confidence ${recallConfidence.toFixed(2)}]`);
        if (recallConfidence >= trustRecall && recalled.answer) {
          write(`  answer:   ${recalled.answer}  (from memory)`);
          continue;
        }
        const [passages = []] = await search.search([question], 2);
        for (const passage of passages) write(`  looked up [${passage.documentId}] ${passage.text.slice(0, 90)}...`);
        const read = await draftAnswer(languageModel, { passages: passages.map((passage) => passage.text), question });
        const readConfidence = Math.exp(read.answerLogprob);
        write(`  read:     ${read.steps.join(" ") || "(nothing)"}  [confidence ${readConfidence.toFixed(2)}]`);
        write(
          readConfidence >= trustAnswer && read.answer
            ? `  answer:   ${read.answer}  (source: ${passages.map((passage) => passage.documentId).join(", ")})`
            : "  answer:   I don't know: neither my memory nor the corpus gives a reliable answer.",
        );
      }
    });
}

async function defaultQuestions(): Promise<string[]> {
  const [known] = await readQaSet(worldFolder, "known");
  const unknown = (await readQaSet(worldFolder, "unknown")).find((record) => record.split === "test");
  const absent = (await readQaSet(worldFolder, "absent")).find((record) => record.split === "test");
  return [known, unknown, absent].flatMap((record) => (record ? [record.question] : []));
}
