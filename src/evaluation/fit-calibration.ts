import { type Calibration, signalNames } from "../reasoning/finish-answer.ts";
import type { AnswerSignals } from "../reasoning/trace-events.ts";

export interface LabelledSignals {
  readonly signals: AnswerSignals;
  readonly correct: boolean;
}

/**
 * Logistic regression of correctness on the answer's signals (full-batch gradient descent, a little L2 so that
 * separable data keeps finite weights): the calibration whose confidence is the fitted probability of being right.
 */
export function fitCalibration(
  samples: readonly LabelledSignals[],
  iterations = 5000,
  learningRate = 0.5,
): Calibration {
  const weights = signalNames.map(() => 0);
  let bias = 0;
  const l2 = 1e-3;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = signalNames.map(() => 0);
    let biasGradient = 0;
    for (const sample of samples) {
      const values = signalNames.map((name) => sample.signals[name]);
      const z = bias + values.reduce((sum, value, index) => sum + value * (weights[index] as number), 0);
      const error = 1 / (1 + Math.exp(-z)) - (sample.correct ? 1 : 0);
      values.forEach((value, index) => {
        gradient[index] = (gradient[index] as number) + error * value;
      });
      biasGradient += error;
    }
    const count = Math.max(samples.length, 1);
    weights.forEach((weight, index) => {
      weights[index] = weight - learningRate * ((gradient[index] as number) / count + l2 * weight);
    });
    bias -= (learningRate * biasGradient) / count;
  }
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  const fitted = Object.fromEntries(signalNames.map((name, index) => [name, round(weights[index] as number)]));
  return { bias: round(bias), ...(fitted as Record<(typeof signalNames)[number], number>) };
}
