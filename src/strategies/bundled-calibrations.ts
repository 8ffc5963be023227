import type { Calibration } from "../reasoning/finish-answer.ts";

export type BundledCalibrationStrategy =
  | "closed-book"
  | "always-retrieve"
  | "hyde"
  | "flare"
  | "ircot"
  | "recall-then-retrieve";

/**
 * The bundled tiny generator's calibration and abstention threshold for each strategy, fitted on that strategy's own
 * answers to the tiny world's dev split by scripts/fit-strategy-defaults.ts (`byStrategy`): the strategies' signals
 * mean different things (recall-then-retrieve's step score is a reward over sampled siblings, FLARE's a token
 * probability), and one calibration fitted on all of them put every fact the model knows at 0.76 under
 * recall-then-retrieve, though it was right on all of them. An ask of another model takes that model's own.
 */
export const bundledCalibrations: Record<
  BundledCalibrationStrategy,
  { readonly calibration: Calibration; readonly abstainBelow: number }
> = {
  "closed-book": {
    calibration: {
      bias: -2.507,
      agreement: -0.413,
      probability: -0.52,
      steps: 8.525,
      support: 0,
      unsupportedSteps: -3.261,
    },
    abstainBelow: 0.5,
  },
  "always-retrieve": {
    calibration: {
      bias: -0.548,
      agreement: 0.896,
      probability: 0.545,
      steps: 1.95,
      support: 1.397,
      unsupportedSteps: -3.886,
    },
    abstainBelow: 0.7,
  },
  hyde: {
    calibration: {
      bias: 0.304,
      agreement: 0.075,
      probability: 0.061,
      steps: 2.277,
      support: 1.27,
      unsupportedSteps: -3.822,
    },
    abstainBelow: 0.55,
  },
  flare: {
    calibration: {
      bias: 1.503,
      agreement: 0.651,
      probability: 0.553,
      steps: 1.847,
      support: 4.876,
      unsupportedSteps: -1.965,
    },
    abstainBelow: 0.6,
  },
  ircot: {
    calibration: {
      bias: 0.422,
      agreement: 0.961,
      probability: 1.069,
      steps: 0.56,
      support: 2.63,
      unsupportedSteps: -2.619,
    },
    abstainBelow: 0.5,
  },
  "recall-then-retrieve": {
    calibration: {
      bias: 1.511,
      agreement: 0.74,
      probability: 0.601,
      steps: 1.888,
      support: 5.818,
      unsupportedSteps: -1.701,
    },
    abstainBelow: 0.5,
  },
};
