/**
 * Fits the strategies' default thresholds on the tiny world's dev split (the test split stays held out for the
 * figures the README reports), with the configured models:
 * 1. every strategy answers the dev questions; one calibration (signals -> probability of being right) is fitted by
 *    logistic regression on all their answers, so that every strategy's confidence means the same thing;
 * 2. the abstention threshold that maximises (right answers + right abstentions - wrong answers) on those answers;
 * 3. recall-then-retrieve's retrieval gate (reward and agreement thresholds) by grid search for dev exact match,
 *    ties going to fewer retrievals.
 * Prints one JSON object; copy the values into src/strategies (shared-parameters.ts, recall-then-retrieve.ts).
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
import { type AskOutcome, evaluateAsk, figuresOf, type QuestionAsker } from "../src/evaluation/evaluate-ask.ts";
import { fitCalibration } from "../src/evaluation/fit-calibration.ts";
import { TransformersEmbeddingModel } from "../src/models/transformers/transformers-embedding-model.ts";
import { TransformersLanguageModel } from "../src/models/transformers/transformers-language-model.ts";
import { type Calibration, calibrate } from "../src/reasoning/finish-answer.ts";
import { strategyNames } from "../src/strategies/strategies.ts";

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
const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

log(`${questions.length} dev questions; every strategy at its defaults`);
const all = await evaluateAsk(
  ask,
  questions,
  strategyNames.map((name) => ({ name })),
  { corpus: "world" },
);
const answers = Object.values(all.outcomes).flat();
const calibration = fitCalibration(
  answers.flatMap((row) => (row.signals ? [{ signals: row.signals, correct: row.guessCorrect }] : [])),
);
log(`calibration ${JSON.stringify(calibration)}`);

function utility(rows: readonly AskOutcome[], fitted: Calibration, threshold: number): number {
  let total = 0;
  for (const row of rows) {
    const confidence = row.signals ? calibrate(fitted, row.signals) : 0;
    const abstains = !row.signals || confidence < threshold;
    if (abstains) total += row.answerable ? 0 : 1;
    else total += row.guessCorrect ? 1 : -1;
  }
  return total;
}
let abstainBelow = 0.5;
for (let threshold = 0.05; threshold < 0.96; threshold += 0.05) {
  if (utility(answers, calibration, threshold) > utility(answers, calibration, abstainBelow))
    abstainBelow = Math.round(threshold * 100) / 100;
}
log(`abstainBelow ${abstainBelow}`);

const grid: { retrieveBelow: number; agreementBelow: number; exactMatch: number; retrievals: number }[] = [];
for (const retrieveBelow of [0.5, 0.6, 0.7, 0.8, 0.9]) {
  for (const agreementBelow of [0.26, 0.51, 0.76]) {
    const run = await evaluateAsk(
      ask,
      questions,
      [{ name: "recall-then-retrieve", parameters: { retrieveBelow, agreementBelow, calibration, abstainBelow } }],
      { corpus: "world" },
    );
    const figures = figuresOf(run.outcomes["recall-then-retrieve"] ?? []);
    grid.push({
      retrieveBelow,
      agreementBelow,
      exactMatch: figures.exactMatch,
      retrievals: figures.retrievalsPerQuestion,
    });
    log(
      `retrieveBelow ${retrieveBelow} agreementBelow ${agreementBelow}: EM ${figures.exactMatch}, retrievals ${figures.retrievalsPerQuestion}`,
    );
  }
}
grid.sort((left, right) => right.exactMatch - left.exactMatch || left.retrievals - right.retrievals);
process.stdout.write(
  `${JSON.stringify({ questions: questions.length, calibration, abstainBelow, gate: grid[0], grid }, null, 2)}\n`,
);
workspace.close();
await rm(home, { recursive: true, force: true });
