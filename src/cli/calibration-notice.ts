import { describeDifferences } from "../app/calibration-conditions.ts";
import type { AskCalibration } from "../strategies/model-calibration.ts";

/**
 * What `recall ask` says, on standard error, under an answer whose language model has no calibration: its confidence
 * is not a probability of being right, and the one command that fits it.
 */
export const uncalibratedNotice =
  "note: the language model has no calibration, so this confidence is the plain mean of the answer's probability " +
  "signals, not a fitted probability of being right (and the abstention threshold is a neutral 0.5). Fit one on " +
  "labelled questions: recall calibrate --dataset FILE... --corpus NAME";

/**
 * The notice for an uncalibrated answer: `uncalibratedNotice`, or, when the model has a stored calibration fitted under
 * other settings (weights, prompt format, endpoint), which settings differ and that it is not used.
 */
export function calibrationNoticeFor(calibration: AskCalibration): string {
  if (calibration.kind !== "none" || !calibration.differences?.length) return uncalibratedNotice;
  return (
    "note: the language model's stored calibration was fitted under other settings: " +
    `${describeDifferences(calibration.differences)}, so it is not used: this confidence is the plain mean of the ` +
    "answer's probability signals, not a fitted probability of being right (and the abstention threshold is a " +
    "neutral 0.5). Fit one under these settings: recall calibrate --dataset FILE... --corpus NAME"
  );
}
