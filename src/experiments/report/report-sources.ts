import type { AskEvaluation } from "../../evaluation/evaluate-ask.ts";
import { proportion } from "../../statistics/statistics.ts";
import { type ExperimentResults, feedbackScoreRange } from "../experiment-results.ts";
import type { ReportData, ReportFigure, ReportMetric, ReportVariant } from "./report-data.ts";

const shareRange = [0, 1] as const;

const exactMatch: ReportMetric = { name: "Exact match (answerable questions)", range: shareRange };
const answerRate: ReportMetric = { name: "Answer rate (answerable questions)", range: shareRange };
const abstention: ReportMetric = { name: "Abstention (unanswerable questions)", range: shareRange };

/** The report of an offline comparison (`recall eval ask --report`). */
export function evaluationReport(evaluation: AskEvaluation, subtitle: string): ReportData {
  const variants: ReportVariant[] = Object.entries(evaluation.outcomes).map(([name, rows]) => {
    const answerable = rows.filter((row) => row.answerable);
    const unanswerable = rows.filter((row) => !row.answerable);
    const share = (items: typeof rows, test: (row: (typeof rows)[number]) => boolean): ReportFigure => ({
      interval: items.length === 0 ? null : proportion(items.filter(test).length, items.length),
      count: items.length,
    });
    return {
      name,
      figures: {
        [exactMatch.name]: share(answerable, (row) => row.answeredCorrectly),
        [answerRate.name]: share(answerable, (row) => !row.abstained),
        [abstention.name]: share(unanswerable, (row) => row.abstained),
      },
      calibration: rows.map((row) => ({ confidence: row.confidence, correct: row.guessCorrect })),
      latenciesMs: rows.map((row) => row.latencyMs),
      retrievals: rows.map((row) => row.retrievals),
    };
  });
  const findings = Object.entries(evaluation.comparisons).map(([label, comparison]) => {
    const { exactMatch, mcnemar } = comparison;
    return `${label} vs ${comparison.against}: exact match ${exactMatch.estimate >= 0 ? "+" : ""}${exactMatch.estimate.toFixed(3)} (95% CI ${exactMatch.low.toFixed(3)} to ${exactMatch.high.toFixed(3)}), McNemar p = ${mcnemar.pValue.toFixed(3)}.`;
  });
  return {
    title: "Recall strategies compared",
    subtitle,
    metrics: [exactMatch, answerRate, abstention],
    variants,
    findings,
  };
}

const judgedCorrect: ReportMetric = { name: "Judged correct", range: shareRange };
const feedbackScore: ReportMetric = { name: "Feedback score", range: feedbackScoreRange };
const abstentionRate: ReportMetric = { name: "Abstention", range: shareRange };

/** The report of an online experiment (`recall experiments report`). */
export function experimentReport(results: ExperimentResults): ReportData {
  const variants: ReportVariant[] = results.variants.map((variant) => {
    const answers = results.answers.filter((answer) => answer.variant === variant.variant);
    return {
      name: `${variant.variant} (${variant.strategy})`,
      figures: {
        [judgedCorrect.name]: { interval: variant.correct.rate, count: variant.correct.count },
        [feedbackScore.name]: { interval: variant.feedback.mean, count: variant.feedback.count },
        [abstentionRate.name]: { interval: variant.abstentionRate, count: variant.asks - variant.errors },
      },
      calibration: answers.flatMap((answer) =>
        answer.correct === undefined ? [] : [{ confidence: answer.confidence, correct: answer.correct }],
      ),
      latenciesMs: answers.map((answer) => answer.latencyMs),
      retrievals: answers.map((answer) => answer.retrievals),
    };
  });
  return {
    title: `Experiment ${results.experiment}`,
    subtitle: `${results.status}; ${results.variants.map((variant) => `${variant.variant}: ${variant.asks} asks`).join(", ")}`,
    metrics: [judgedCorrect, feedbackScore, abstentionRate],
    variants,
    findings: [results.verdict],
  };
}
