import { normalizeAnswer } from "../text/normalize-answer.ts";

/** Token-level F1 between a prediction and the best-matching gold answer (SQuAD). 0 without gold answers. */
export function tokenF1(prediction: string | undefined, answers: readonly string[]): number {
  if (prediction === undefined) return 0;
  const predicted = normalizeAnswer(prediction).split(" ").filter(Boolean);
  let best = 0;
  for (const answer of answers) {
    const gold = normalizeAnswer(answer).split(" ").filter(Boolean);
    const remaining = new Map<string, number>();
    for (const token of gold) remaining.set(token, (remaining.get(token) ?? 0) + 1);
    let common = 0;
    for (const token of predicted) {
      const left = remaining.get(token) ?? 0;
      if (left > 0) {
        common++;
        remaining.set(token, left - 1);
      }
    }
    if (common === 0) continue;
    const precision = common / predicted.length;
    const recall = common / gold.length;
    best = Math.max(best, (2 * precision * recall) / (precision + recall));
  }
  return best;
}

/**
 * Expected calibration error: confidences put in equal-width bins, the gap between each bin's mean confidence and
 * its accuracy, weighted by the bin's share of the questions.
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): number {
  if (confidences.length === 0) return 0;
  const totals = Array.from({ length: bins }, () => ({ count: 0, confidence: 0, correct: 0 }));
  confidences.forEach((confidence, index) => {
    const bin = totals[Math.min(bins - 1, Math.floor(confidence * bins))] as (typeof totals)[number];
    bin.count++;
    bin.confidence += confidence;
    bin.correct += correct[index] ? 1 : 0;
  });
  return totals.reduce(
    (sum, bin) =>
      bin.count === 0
        ? sum
        : sum + (bin.count / confidences.length) * Math.abs(bin.confidence / bin.count - bin.correct / bin.count),
    0,
  );
}

/** Accuracy on the most confident share `coverage` of the questions (the rest would be declined). */
export function accuracyAtCoverage(
  confidences: readonly number[],
  correct: readonly boolean[],
  coverage: number,
): number {
  const order = confidences.map((confidence, index) => ({ confidence, correct: correct[index] === true }));
  order.sort((left, right) => right.confidence - left.confidence);
  const kept = order.slice(0, Math.max(1, Math.round(order.length * coverage)));
  return kept.filter((item) => item.correct).length / kept.length;
}

/** The value below which a share `quantile` of the values fall (nearest rank). */
export function percentile(values: readonly number[], quantile: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))] as number;
}
