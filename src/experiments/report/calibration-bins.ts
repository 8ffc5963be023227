import { expectedCalibrationError } from "../../evaluation/answer-metrics.ts";
import type { ReportVariant } from "./report-data.ts";

/** Answers whose confidence falls in [low, high) (the last bin includes 1). */
export interface CalibrationBin {
  readonly low: number;
  readonly high: number;
  readonly count: number;
  /** Mean confidence of its answers (0 when it has none). */
  readonly meanConfidence: number;
  /** How many of its answers were right. */
  readonly correct: number;
}

/** How many bins the reliability diagram and the expected calibration error use, as `recall eval ask` does. */
export const calibrationBinCount = 10;

/** A variant's answers in `calibrationBinCount` equal bins of confidence, empty bins included. */
export function calibrationBins(calibration: ReportVariant["calibration"]): CalibrationBin[] {
  const totals = Array.from({ length: calibrationBinCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const answer of calibration) {
    const index = Math.min(calibrationBinCount - 1, Math.max(0, Math.floor(answer.confidence * calibrationBinCount)));
    const bin = totals[index] as (typeof totals)[number];
    bin.count++;
    bin.confidence += answer.confidence;
    bin.correct += answer.correct ? 1 : 0;
  }
  return totals.map((total, index) => ({
    low: index / calibrationBinCount,
    high: (index + 1) / calibrationBinCount,
    count: total.count,
    meanConfidence: total.count === 0 ? 0 : total.confidence / total.count,
    correct: total.correct,
  }));
}

/** The expected calibration error of a variant's answers, the figure `recall eval ask` reports as `ece`. */
export function calibrationError(calibration: ReportVariant["calibration"]): number {
  return expectedCalibrationError(
    calibration.map((answer) => answer.confidence),
    calibration.map((answer) => answer.correct),
    calibrationBinCount,
  );
}
