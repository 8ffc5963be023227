import type { RetrievalMode } from "../../retrievers/passage.ts";
import { comparisonConfidence } from "../reasoning/comparison-confidence.ts";
import { type Calibration, calibrate } from "../reasoning/finish-answer.ts";
import type { GateThresholds } from "../reasoning/retrieval-gate.ts";
import { neutralGate } from "../strategies/model-calibration.ts";
import { type StrategyName, strategyNames } from "../strategies/strategies.ts";
import type { EvaluationQuestion } from "./ask-dataset.ts";
import { type AskOutcome, evaluateAsk, figuresOf, type QuestionAsker } from "./evaluate-ask.ts";
import { fitCalibration } from "./fit-calibration.ts";
import { DatasetError } from "./retrieval-dataset.ts";

/** One retrieval gate tried: recall-then-retrieve's exact match and retrievals a question with it. */
export interface GateTrial extends GateThresholds {
  readonly exactMatch: number;
  readonly retrievals: number;
}

/** A language model's calibration as fitted on labelled questions, with the gates tried. */
export interface CalibrationFit {
  readonly questions: number;
  readonly calibration: Calibration;
  readonly abstainBelow: number;
  /** The best gate tried; null when recall-then-retrieve was not among the strategies. */
  readonly gate: GateTrial | null;
  /** Every gate tried, best first. */
  readonly grid: readonly GateTrial[];
  /**
   * Each strategy's own calibration and threshold, fitted on its answers alone: where the strategies' signals mean
   * different things (a reward, a token probability), one calibration for all cannot fit each of them.
   */
  readonly byStrategy: Record<string, { readonly calibration: Calibration; readonly abstainBelow: number }>;
}

export interface FitOptions {
  readonly corpus: string;
  /** Whose answers the calibration is fitted on (default: every strategy, so that all their confidences agree). */
  readonly strategies?: readonly StrategyName[];
  readonly mode?: RetrievalMode;
  /** One line per stage (the calibration, the threshold, each gate tried). */
  readonly log?: (message: string) => void;
  /** After each ask, over all the asks the fit makes. */
  readonly onProgress?: (done: number, total: number) => void;
}

const retrieveBelowGrid = [0.5, 0.6, 0.7, 0.8, 0.9];
const agreementBelowGrid = [0.26, 0.51, 0.76];

/**
 * Fits what a language model's asks need, on its own answers to labelled questions:
 * 1. every strategy answers the questions; one calibration (signals -> probability of being right) is fitted by
 *    logistic regression on all their answers, so that every strategy's confidence means the same thing;
 * 2. the abstention threshold that maximises (right answers + right abstentions - wrong answers) on those answers;
 * 3. recall-then-retrieve's retrieval gate (reward and agreement thresholds) by grid search for exact match, ties
 *    going to fewer retrievals (when recall-then-retrieve is among the strategies).
 * recall-then-retrieve first answers with the neutral gate, so that a fit does not depend on the one before it.
 */
export async function fitModelCalibration(
  ask: QuestionAsker,
  questions: readonly EvaluationQuestion[],
  options: FitOptions,
): Promise<CalibrationFit> {
  if (questions.length === 0)
    throw new DatasetError("There are no questions to calibrate on: check the files, --split and --limit.");
  const log = options.log ?? (() => {});
  const mode = options.mode ? { mode: options.mode } : {};
  const names = options.strategies ?? strategyNames;
  const gated = names.includes("recall-then-retrieve");
  const total = questions.length * (names.length + (gated ? retrieveBelowGrid.length * agreementBelowGrid.length : 0));
  let done = 0;
  const progress = { onProgress: () => options.onProgress?.(++done, total) };
  const all = await evaluateAsk(
    ask,
    questions,
    names.map((name) => ({ name, parameters: name === "recall-then-retrieve" ? neutralGate : {} })),
    { corpus: options.corpus, ...mode, ...progress },
  );
  const answers = Object.values(all.outcomes).flat();
  const calibration = fitCalibration(
    answers.flatMap((row) => (row.signals ? [{ signals: row.signals, correct: row.guessCorrect }] : [])),
  );
  log(`calibration ${JSON.stringify(calibration)}`);
  const abstainBelow = fitAbstention(answers, calibration);
  log(`abstainBelow ${abstainBelow}`);
  const byStrategy = Object.fromEntries(
    Object.entries(all.outcomes).map(([name, rows]) => {
      const own = fitCalibration(
        rows.flatMap((row) => (row.signals ? [{ signals: row.signals, correct: row.guessCorrect }] : [])),
      );
      return [name, { calibration: own, abstainBelow: fitAbstention(rows, own) }];
    }),
  );
  log(`by strategy ${JSON.stringify(byStrategy)}`);
  const grid: GateTrial[] = [];
  for (const retrieveBelow of gated ? retrieveBelowGrid : []) {
    for (const agreementBelow of agreementBelowGrid) {
      const run = await evaluateAsk(
        ask,
        questions,
        [{ name: "recall-then-retrieve", parameters: { retrieveBelow, agreementBelow, calibration, abstainBelow } }],
        { corpus: options.corpus, ...mode, ...progress },
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
  return { questions: questions.length, calibration, abstainBelow, gate: grid[0] ?? null, grid, byStrategy };
}

/** The abstention threshold (0.05 to 0.95) that maximises right answers + right abstentions - wrong answers. */
export function fitAbstention(rows: readonly AskOutcome[], calibration: Calibration): number {
  let abstainBelow = 0.5;
  for (let threshold = 0.05; threshold < 0.96; threshold += 0.05) {
    if (utility(rows, calibration, threshold) > utility(rows, calibration, abstainBelow))
      abstainBelow = Math.round(threshold * 100) / 100;
  }
  return abstainBelow;
}

function utility(rows: readonly AskOutcome[], calibration: Calibration, threshold: number): number {
  let total = 0;
  for (const row of rows) {
    const confidence = confidenceUnder(calibration, row);
    const abstains = confidence === undefined || confidence < threshold;
    if (abstains) total += row.answerable ? 0 : 1;
    else total += row.guessCorrect ? 1 : -1;
  }
  return total;
}

/** A row's confidence under a calibration: from its signals, or composed from its parts'; undefined without either. */
function confidenceUnder(calibration: Calibration, row: AskOutcome): number | undefined {
  if (row.signals) return calibrate(calibration, row.signals);
  if (row.partSignals && row.partSignals.length > 0)
    return comparisonConfidence(row.partSignals.map((signals) => calibrate(calibration, signals)));
  return undefined;
}
