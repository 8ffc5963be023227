import { normalizeAnswer } from "../evaluation/exact-match.ts";
import type { LanguageModel } from "../models/language-model.ts";
import type { StrategyOutcome } from "../strategies/strategy.ts";
import { voteAnswers } from "./answer-vote.ts";
import { citeClaims } from "./citations.ts";
import { fitPrompt } from "./fit-prompt.ts";
import type { PassagePool } from "./passage-pool.ts";
import { sampleLines } from "./step-sampler.ts";
import type { TraceSink } from "./trace-events.ts";

/** The words said when the answer is not known. */
export const notKnownAnswer = "I don't know: neither what I recall nor the passages I found answer this question.";

/**
 * How the answer's signals become one confidence: sigmoid(bias + Σ weight × signal). Signals: agreement among the
 * sampled answers, the answer's probability, the steps' score (each in [0, 1]), and passage support (+1 when a
 * passage in hand contains the answer, -1 when passages are in hand and none does, 0 without passages).
 */
export interface Calibration {
  readonly bias: number;
  readonly agreement: number;
  readonly probability: number;
  readonly steps: number;
  readonly support: number;
}

export const defaultCalibration: Calibration = { bias: -5, agreement: 3, probability: 2, steps: 3, support: 3 };

export interface FinishSettings {
  /** Answer samples to vote over (1: the greedy answer). */
  readonly samples: number;
  readonly temperature: number;
  readonly seed: number;
  /** Below this confidence the answer says it is not known. */
  readonly abstainBelow: number;
  readonly calibration?: Calibration;
}

export interface FinishInput {
  readonly question: string;
  readonly steps: readonly string[];
  readonly pool: PassagePool;
  /** How far the steps can be trusted, in [0, 1] (the weakest accepted step's reward, or its probability). */
  readonly stepScore: number;
}

/**
 * Samples the answer line after the accepted steps, votes, and turns agreement, the answer's probability and the
 * steps' score into one confidence; abstains below the threshold; cites the passages that state the steps or the
 * answer. Every strategy ends here, so that strategies differ only in how they reach their steps.
 */
export async function finishAnswer(
  model: LanguageModel,
  input: FinishInput,
  settings: FinishSettings,
  emit: TraceSink,
  abortSignal?: AbortSignal,
): Promise<StrategyOutcome> {
  const samples = await sampleLines(model, {
    prompt: await fitPrompt(
      model,
      { passages: input.pool.texts(), question: input.question, steps: input.steps },
      "answer",
      24,
    ),
    samples: settings.samples,
    temperature: settings.samples === 1 ? 0 : settings.temperature,
    seed: settings.seed,
    maxTokens: 24,
    ...(abortSignal ? { abortSignal } : {}),
  });
  const vote = voteAnswers(samples);
  const confidence = vote
    ? calibrate(settings.calibration ?? defaultCalibration, {
        agreement: vote.agreement,
        probability: vote.probability,
        steps: input.stepScore,
        support: passageSupport(vote.answer, input.pool.texts()),
      })
    : 0;
  const abstained = vote === undefined || confidence < settings.abstainBelow;
  const answer = abstained ? notKnownAnswer : vote.answer;
  const citations = abstained ? [] : citeClaims([...input.steps, vote.answer], input.pool);
  emit({ type: "answer-delta", text: answer });
  emit({ type: "answer-end", answer, confidence, abstained, citations });
  return {
    answer,
    abstained,
    confidence,
    guess: vote?.answer,
    steps: input.steps,
    citations,
    passages: input.pool.refs(),
  };
}

/** +1 when a passage contains the answer, -1 when passages are in hand and none does, 0 without passages. */
export function passageSupport(answer: string, passages: readonly string[]): number {
  if (passages.length === 0) return 0;
  const wanted = normalizeAnswer(answer);
  return passages.some((passage) => ` ${normalizeAnswer(passage)} `.includes(` ${wanted} `)) ? 1 : -1;
}

/** The calibrated confidence of an answer's signals. */
export function calibrate(calibration: Calibration, signals: Omit<Calibration, "bias">): number {
  const z =
    calibration.bias +
    calibration.agreement * signals.agreement +
    calibration.probability * signals.probability +
    calibration.steps * signals.steps +
    calibration.support * signals.support;
  return 1 / (1 + Math.exp(-z));
}
