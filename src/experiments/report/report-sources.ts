import type { AskEvaluation } from "../../evaluation/evaluate-ask.ts";
import { proportion } from "../../statistics/statistics.ts";
import type { ExperimentResults } from "../experiment-results.ts";
import type { ReportData, ReportVariant } from "./report-data.ts";

/** The report of an offline comparison (`recall eval ask --report`). */
export function evaluationReport(evaluation: AskEvaluation, subtitle: string): ReportData {
  const variants: ReportVariant[] = Object.entries(evaluation.outcomes).map(([name, rows]) => {
    const answerable = rows.filter((row) => row.answerable);
    const unanswerable = rows.filter((row) => !row.answerable);
    const share = (items: typeof rows, test: (row: (typeof rows)[number]) => boolean) =>
      items.length === 0 ? null : proportion(items.filter(test).length, items.length);
    return {
      name,
      metrics: {
        "Exact match (answerable questions)": share(answerable, (row) => row.answeredCorrectly),
        "Answer rate (answerable questions)": share(answerable, (row) => !row.abstained),
        "Abstention (unanswerable questions)": share(unanswerable, (row) => row.abstained),
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
  return { title: "Recall strategies compared", subtitle, variants, findings };
}

/** The report of an online experiment (`recall experiments report`). */
export function experimentReport(results: ExperimentResults): ReportData {
  const variants: ReportVariant[] = results.variants.map((variant) => ({
    name: `${variant.variant} (${variant.strategy})`,
    metrics: {
      "Judged correct": variant.correct.rate,
      "Feedback score": variant.feedback.mean,
      Abstention: variant.abstentionRate,
    },
    calibration: results.answers
      .filter((answer) => answer.variant === variant.variant && answer.correct !== undefined)
      .map((answer) => ({ confidence: answer.confidence, correct: answer.correct === true })),
    latenciesMs: results.answers
      .filter((answer) => answer.variant === variant.variant)
      .map((answer) => answer.latencyMs),
    retrievals: results.answers
      .filter((answer) => answer.variant === variant.variant)
      .map((answer) => answer.retrievals),
  }));
  return {
    title: `Experiment ${results.experiment}`,
    subtitle: `${results.status}; ${results.variants.map((variant) => `${variant.variant}: ${variant.asks} asks`).join(", ")}`,
    variants,
    findings: [results.verdict],
  };
}
