/**
 * Fits the strategies' default thresholds on the tiny world's dev split (the test split stays held out for the
 * figures the README reports), with the configured models: the calibration, the abstention threshold and
 * recall-then-retrieve's retrieval gate, as `recall calibrate` fits them for any model (src/evaluation/
 * fit-model-calibration.ts). Prints one JSON object; copy the values into src/reasoning/finish-answer.ts
 * (defaultCalibration) and src/strategies (shared-parameters.ts, recall-then-retrieve.ts): they are the bundled
 * tiny model's calibration. This script indexes the world into a temporary folder and stores nothing.
 *
 * The dev questions are capped per file as the reported held-out mix is (99), so that both mixes have the same
 * composition: a calibration fitted on one share of two-hop or absent questions does not hold on another.
 *
 *   npx tsx scripts/fit-strategy-defaults.ts [--per-set 99]
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { indexCorpus } from "../indexers/index-corpus.ts";
import { answerQuestion } from "../src/app/ask-service.ts";
import { openWorkspace } from "../src/app/open-workspace.ts";
import { bundledModels, worldFolder } from "../src/config/bundled-models.ts";
import { readAskDataset } from "../src/evaluation/ask-dataset.ts";
import type { QuestionAsker } from "../src/evaluation/evaluate-ask.ts";
import { fitModelCalibration } from "../src/evaluation/fit-model-calibration.ts";
import { TransformersEmbeddingModel } from "../src/models/transformers/transformers-embedding-model.ts";
import { TransformersLanguageModel } from "../src/models/transformers/transformers-language-model.ts";

const { values } = parseArgs({ options: { "per-set": { type: "string", default: "99" } } });
const perSet = Number(values["per-set"]);

const home = await mkdtemp(join(tmpdir(), "recall-fit-"));
const workspace = await openWorkspace({ home });
const [languageModel, embeddingModel] = await Promise.all([
  TransformersLanguageModel.load(process.env.RECALL_LANGUAGE_MODEL ?? bundledModels.language),
  TransformersEmbeddingModel.load(bundledModels.embedding),
]);
await indexCorpus(
  { db: workspace.db, store: workspace.store },
  { corpus: "world", paths: [join(worldFolder, "corpus")], embeddingModel, chunkSize: 48, overlap: 8 },
);
const questions = [];
for (const set of ["known", "unknown", "absent", "two-hop"]) {
  const read = await readAskDataset([join(worldFolder, "qa", `${set}.jsonl`)], { split: "dev" });
  questions.push(...read.slice(0, perSet));
}
const dependencies = { db: workspace.db, store: workspace.store, languageModel, embeddingModel };
const ask: QuestionAsker = (request) => answerQuestion(dependencies, request);
log(`${questions.length} dev questions, every strategy`);
const fit = await fitModelCalibration(ask, questions, { corpus: "world", log });
process.stdout.write(`${JSON.stringify(fit, null, 2)}\n`);
workspace.close();
await rm(home, { recursive: true, force: true });

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
