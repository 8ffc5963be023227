import { z } from "zod";
import { noCalibration } from "../reasoning/finish-answer.ts";
import { type BundledCalibrationStrategy, bundledCalibrations } from "./bundled-calibrations.ts";
import { retrievalHopsSchema } from "./retrieval-hops.ts";

/**
 * How every strategy ends: the answer vote, the seed, the calibration and the abstention threshold, whose defaults
 * are the bundled tiny model's for that strategy (see bundled-calibrations.ts).
 */
export function answerSettingsFor(strategy: BundledCalibrationStrategy) {
  const bundled = bundledCalibrations[strategy];
  return {
    /** Answer samples to vote over (1: the greedy answer). */
    samples: z.number().int().min(1).max(16).default(4),
    temperature: z.number().min(0).max(2).default(0.8),
    /** Makes sampling repeatable: the same question, parameters and seed give the same answer. */
    seed: z.number().int().min(0).default(0),
    /** Below this confidence the answer says plainly that it is not known. */
    /** The bundled tiny model's, fitted on the dev split (scripts/fit-strategy-defaults.ts): right answers + right
     * abstentions - wrong answers. An ask takes its running model's own (see model-calibration.ts). */
    abstainBelow: z.number().min(0).max(1).default(bundled.abstainBelow),
    /**
     * Answer a comparison ("Who was born first, A or B?") in parts: the strategy answers "In which year was A born?"
     * and the same of B, and the years are compared (see comparison-question.ts). Off: the question as it is.
     */
    compareInParts: z.boolean().default(true),
    /**
     * How the answer's signals become its confidence (see src/reasoning/finish-answer.ts), or "none": the uncalibrated
     * mean of its probability signals. The defaults here are the bundled tiny model's; an ask takes its running
     * model's own (see src/strategies/model-calibration.ts).
     */
    calibration: z
      .union(
        [
          z
            .object({
              bias: z.number(),
              agreement: z.number(),
              probability: z.number(),
              steps: z.number(),
              support: z.number(),
              unsupportedSteps: z.number(),
            })
            .strict(),
          z.literal(noCalibration),
        ],
        {
          error: `expected "${noCalibration}" or an object of numbers: bias, agreement, probability, steps, support, unsupportedSteps`,
        },
      )
      .default(bundled.calibration),
  };
}

/** How strategies that retrieve do it. */
export const retrievalSettings = {
  /** What to search with for the first step: the question, the question with the shaky step (its improbable tokens
   * masked out, as FLARE does), or the generative query (dense search embeds the question with the drafted steps:
   * what the answer would say; full-text search reads the question). The step is the default: it names what the
   * step is about ("X works for"), where a drafted guess about an entity the model does not know leads dense search
   * to other entities. Later steps search for what they build on (see step-query.ts). */
  query: z.enum(["question", "step", "generative"]).default("step"),
  passagesPerRetrieval: z.number().int().min(1).max(20).default(2),
  maxRetrievals: z.number().int().min(0).max(8).default(2),
  /** At most this many passages in the prompt. */
  maxPassages: z.number().int().min(1).max(20).default(4),
  /** 2: every retrieval adds a second round with the names the first round's best passage mentions. */
  hops: retrievalHopsSchema,
};

/** How far strategies that write step by step may go. */
export const stepSettings = {
  maxSteps: z.number().int().min(1).max(8).default(3),
  /**
   * Write another step, where the model would answer, when it gives another step at least this probability: its
   * chain names an entity (a town, an employer) that the question asks something further about. 1: never.
   */
  continueAbove: z.number().min(0).max(1).default(0.005),
};
