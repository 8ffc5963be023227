import type { RetrievalMode } from "../../retrievers/passage.ts";
import type { AnswerSignals, TraceEvent } from "../reasoning/trace-events.ts";
import { type Interval, mcnemar, pairedDifference } from "../statistics/statistics.ts";
import { configureStrategy } from "../strategies/strategies.ts";
import { accuracyAtCoverage, expectedCalibrationError, percentile, tokenF1 } from "./answer-metrics.ts";
import type { EvaluationQuestion } from "./ask-dataset.ts";
import { auroc } from "./auroc.ts";
import { exactMatch } from "./exact-match.ts";

/** One question put to one strategy. */
export interface EvaluationAsk {
  readonly question: string;
  readonly corpus: string;
  readonly strategy: string;
  readonly parameters: unknown;
  readonly mode?: RetrievalMode;
}

/** What evaluation reads of an answer. */
export interface EvaluatedAnswer {
  readonly answer: string;
  readonly abstained: boolean;
  readonly guess: string | null;
  readonly confidence: number;
  readonly usage: {
    readonly retrievals: number;
    readonly modelCalls: number;
    readonly promptTokens: number;
    readonly completionTokens: number;
  };
  readonly latencyMs: number;
  readonly trace: readonly TraceEvent[];
}

/** Answers one question (the application's ask service, in practice). */
export type QuestionAsker = (request: EvaluationAsk) => Promise<EvaluatedAnswer>;

/** A strategy to evaluate, with its parameters (missing ones take their defaults). */
export interface StrategyRun {
  /** How the run is named in the figures (default: the strategy's name); an ablation gets its own label. */
  readonly label?: string;
  readonly name: string;
  readonly parameters?: unknown;
}

/** One question's outcome under one strategy. */
export interface AskOutcome {
  readonly questionId: string;
  /** The question's set (the world's kind, or its file's name). */
  readonly kind: string;
  readonly answerable: boolean;
  /** The answer given was right (an abstention is not). */
  readonly answeredCorrectly: boolean;
  /** The answer the strategy would have given was right: what its confidence speaks about. */
  readonly guessCorrect: boolean;
  readonly f1: number;
  readonly confidence: number;
  readonly abstained: boolean;
  readonly retrievals: number;
  readonly modelCalls: number;
  readonly tokens: number;
  readonly latencyMs: number;
  /** What the confidence was computed from, for fitting the calibration. */
  readonly signals: AnswerSignals | undefined;
  /** For an answer composed from parts (a comparison), each part's signals: its confidence comes from theirs. */
  readonly partSignals?: readonly AnswerSignals[] | undefined;
}

/** A strategy's figures over a question set (the keys `recall eval ask --json` prints). */
export interface AskFigures {
  /** Over answerable questions; an abstention counts as wrong. */
  readonly exactMatch: number;
  readonly f1: number;
  readonly retrievalsPerQuestion: number;
  readonly modelCallsPerQuestion: number;
  readonly tokensPerQuestion: number;
  readonly latencyP50Ms: number;
  /** Calibration of the confidence against whether the strategy's answer (before abstaining) was right: 10 bins. */
  readonly ece: number;
  /** How well the confidence ranks right answers above wrong ones (null when all are right or all wrong). */
  readonly auroc: number | null;
  /** Accuracy of the 80% most confident answers. */
  readonly accuracyAt80Coverage: number;
  /** Share of unanswerable questions where it said it did not know (null without such questions). */
  readonly abstainRateUnanswerable: number | null;
  /** Share of answerable questions it answered (did not abstain on). */
  readonly answerRateAnswerable: number | null;
  readonly questions: number;
  /** Exact match over each kind's answerable questions (known, unknown, two-hop, …; a file's name otherwise). */
  readonly exactMatchByKind: Record<string, number>;
}

/** A run's exact match against the first run's, question by question (the same answerable questions). */
export interface PairedComparison {
  readonly against: string;
  /** Mean paired difference in exact match (this run minus the first), with a bootstrap 95% interval. */
  readonly exactMatch: Interval;
  /** McNemar's test: questions only the first run got right, only this one, and the two-sided p-value. */
  readonly mcnemar: { readonly onlyFirst: number; readonly onlyThis: number; readonly pValue: number };
}

export interface AskEvaluation {
  readonly strategies: Record<string, AskFigures>;
  /** Every run after the first, compared with the first on the same questions. */
  readonly comparisons: Record<string, PairedComparison>;
  readonly outcomes: Record<string, AskOutcome[]>;
}

/** Asks every question with every strategy (strategy parameters checked first) and computes the figures. */
export async function evaluateAsk(
  ask: QuestionAsker,
  questions: readonly EvaluationQuestion[],
  runs: readonly StrategyRun[],
  options: { corpus: string; mode?: RetrievalMode; onProgress?: (done: number, total: number) => void },
): Promise<AskEvaluation> {
  for (const run of runs) configureStrategy(run.name, run.parameters);
  const total = questions.length * runs.length;
  let done = 0;
  const outcomes: Record<string, AskOutcome[]> = {};
  for (const run of runs) {
    const rows: AskOutcome[] = [];
    for (const question of questions) {
      const response = await ask({
        question: question.question,
        corpus: options.corpus,
        strategy: run.name,
        parameters: run.parameters,
        ...(options.mode ? { mode: options.mode } : {}),
      });
      const answerable = question.answers.length > 0;
      rows.push({
        questionId: question.id,
        kind: question.kind,
        answerable,
        answeredCorrectly: !response.abstained && exactMatch(response.answer, question.answers),
        guessCorrect: response.guess !== null && exactMatch(response.guess, question.answers),
        f1: response.abstained ? 0 : tokenF1(response.answer, question.answers),
        confidence: response.confidence,
        abstained: response.abstained,
        retrievals: response.usage.retrievals,
        modelCalls: response.usage.modelCalls,
        tokens: response.usage.promptTokens + response.usage.completionTokens,
        latencyMs: response.latencyMs,
        signals: answerEnd(response.trace)?.signals,
        partSignals: answerEnd(response.trace)?.parts,
      });
      options.onProgress?.(++done, total);
    }
    outcomes[run.label ?? run.name] = rows;
  }
  return {
    strategies: Object.fromEntries(Object.entries(outcomes).map(([name, rows]) => [name, figuresOf(rows)])),
    comparisons: pairedComparisons(outcomes),
    outcomes,
  };
}

/** The trace's answer (the last answer-end: an answer composed from parts comes after theirs). */
function answerEnd(trace: readonly TraceEvent[]): Extract<TraceEvent, { type: "answer-end" }> | undefined {
  return trace.findLast((event) => event.type === "answer-end");
}

/** The figures of one strategy's outcomes. */
export function figuresOf(rows: readonly AskOutcome[]): AskFigures {
  const answerable = rows.filter((row) => row.answerable);
  const unanswerable = rows.filter((row) => !row.answerable);
  const mean = (values: readonly number[]): number =>
    values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  const share = (items: readonly AskOutcome[], test: (row: AskOutcome) => boolean): number | null =>
    items.length === 0 ? null : round(items.filter(test).length / items.length);
  const confidences = rows.map((row) => row.confidence);
  const correct = rows.map((row) => row.guessCorrect);
  const area = auroc(
    rows.filter((row) => row.guessCorrect).map((row) => row.confidence),
    rows.filter((row) => !row.guessCorrect).map((row) => row.confidence),
  );
  return {
    exactMatch: round(mean(answerable.map((row) => (row.answeredCorrectly ? 1 : 0)))),
    f1: round(mean(answerable.map((row) => row.f1))),
    retrievalsPerQuestion: round(mean(rows.map((row) => row.retrievals))),
    modelCallsPerQuestion: round(mean(rows.map((row) => row.modelCalls)), 2),
    tokensPerQuestion: round(mean(rows.map((row) => row.tokens)), 1),
    latencyP50Ms: round(
      percentile(
        rows.map((row) => row.latencyMs),
        0.5,
      ),
      1,
    ),
    ece: round(expectedCalibrationError(confidences, correct)),
    auroc: area === undefined ? null : round(area),
    accuracyAt80Coverage: round(accuracyAtCoverage(confidences, correct, 0.8)),
    abstainRateUnanswerable: share(unanswerable, (row) => row.abstained),
    answerRateAnswerable: share(answerable, (row) => !row.abstained),
    questions: rows.length,
    exactMatchByKind: Object.fromEntries(
      [...new Set(answerable.map((row) => row.kind))].map((kind) => [
        kind,
        round(mean(answerable.filter((row) => row.kind === kind).map((row) => (row.answeredCorrectly ? 1 : 0)))),
      ]),
    ),
  };
}

function round(value: number, digits = 4): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

/** Each run after the first against the first, on the answerable questions they share. */
export function pairedComparisons(outcomes: Record<string, AskOutcome[]>): Record<string, PairedComparison> {
  const [first, ...rest] = Object.entries(outcomes);
  if (!first) return {};
  const [againstLabel, againstRows] = first;
  const right = (rows: readonly AskOutcome[]) =>
    rows.filter((row) => row.answerable).map((row) => row.answeredCorrectly);
  const baseline = right(againstRows);
  return Object.fromEntries(
    rest.map(([label, rows]) => {
      const mine = right(rows);
      const test = mcnemar(baseline, mine);
      return [
        label,
        {
          against: againstLabel,
          exactMatch: pairedDifference(
            baseline.map((value) => (value ? 1 : 0)),
            mine.map((value) => (value ? 1 : 0)),
          ),
          mcnemar: { onlyFirst: test.onlyA, onlyThis: test.onlyB, pValue: test.pValue },
        },
      ];
    }),
  );
}
