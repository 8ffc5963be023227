import { describe, expect, it } from "vitest";
import {
  accuracyAtCoverage,
  expectedCalibrationError,
  percentile,
  tokenF1,
} from "../../src/evaluation/answer-metrics.ts";
import { fitCalibration } from "../../src/evaluation/fit-calibration.ts";
import { calibrate } from "../../src/reasoning/finish-answer.ts";

describe("answer metrics", () => {
  it("token F1 counts shared words after normalisation, against the best gold answer", () => {
    expect(tokenF1("Teithin Foundry", ["Teithin Foundry"])).toBe(1);
    expect(tokenF1("the Foundry", ["Teithin Foundry"])).toBeCloseTo((2 * 1 * 0.5) / 1.5);
    expect(tokenF1("Seske", [])).toBe(0);
    expect(tokenF1(undefined, ["Seske"])).toBe(0);
  });

  it("expected calibration error weighs each bin's gap by its share", () => {
    // bin 0.9: two answers at 0.95, one right (gap 0.45); bin 0.2: two at 0.25, none right (gap 0.25).
    expect(expectedCalibrationError([0.95, 0.95, 0.25, 0.25], [true, false, false, false])).toBeCloseTo(
      0.5 * 0.45 + 0.5 * 0.25,
    );
    expect(expectedCalibrationError([1, 1], [true, true])).toBe(0);
  });

  it("accuracy at coverage keeps the most confident answers", () => {
    const confidences = [0.9, 0.8, 0.7, 0.6, 0.1];
    const correct = [true, true, true, false, false];
    expect(accuracyAtCoverage(confidences, correct, 0.8)).toBe(3 / 4);
    expect(accuracyAtCoverage(confidences, correct, 0.6)).toBe(1);
  });

  it("percentile is the nearest rank", () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe("fitting the calibration", () => {
  it("learns that supported, agreed answers are right and unsupported ones wrong", () => {
    const samples = [
      ...Array.from({ length: 40 }, () => ({
        signals: { agreement: 1, probability: 0.9, steps: 0.9, support: 1, unsupportedSteps: 0 },
        correct: true,
      })),
      ...Array.from({ length: 10 }, () => ({
        signals: { agreement: 1, probability: 0.9, steps: 0.9, support: 1, unsupportedSteps: 0 },
        correct: false,
      })),
      ...Array.from({ length: 40 }, () => ({
        signals: { agreement: 0.5, probability: 0.6, steps: 0.5, support: -1, unsupportedSteps: 1 },
        correct: false,
      })),
    ];
    const fitted = fitCalibration(samples);
    expect(fitted.support).toBeGreaterThan(0);
    expect(
      calibrate(fitted, { agreement: 1, probability: 0.9, steps: 0.9, support: 1, unsupportedSteps: 0 }),
    ).toBeCloseTo(0.8, 1);
    expect(
      calibrate(fitted, { agreement: 0.5, probability: 0.6, steps: 0.5, support: -1, unsupportedSteps: 1 }),
    ).toBeLessThan(0.1);
  });
});
