/**
 * What `recall ask` says, on standard error, under an answer whose language model has no calibration: its confidence
 * is not a probability of being right, and the one command that fits it.
 */
export const uncalibratedNotice =
  "note: the language model has no calibration, so this confidence is the plain mean of the answer's probability " +
  "signals, not a fitted probability of being right (and the abstention threshold is a neutral 0.5). Fit one on " +
  "labelled questions: recall calibrate --dataset FILE... --corpus NAME";
