import type { LanguageModel } from "../models/language-model.ts";
import { normalizeAnswer } from "../text/normalize-answer.ts";
import type { AnswerOutcome } from "./answer-outcome.ts";
import { voteAnswers } from "./answer-vote.ts";
import { citeClaims } from "./citations.ts";
import { fitPassages } from "./fit-prompt.ts";
import { focusedPassages } from "./focused-passages.ts";
import { contentWords, statesClaim, support, wordsOf } from "./grounding.ts";
import type { PassagePool } from "./passage-pool.ts";
import type { PromptFormat } from "./prompt-format.ts";
import { sampleLines } from "./step-sampler.ts";
import type { AnswerSignals, TraceSink } from "./trace-events.ts";

/** The words said when the answer is not known. */
export const notKnownAnswer = "I don't know: neither what I recall nor the passages I found answer this question.";

/**
 * How the answer's signals become one confidence: sigmoid(bias + Σ weight × signal). Signals: agreement among the
 * sampled answers, the answer's probability, the steps' score (each in [0, 1]), passage support (+1 when a
 * passage in hand contains the answer, -1 when passages are in hand and none does, 0 without passages), and the
 * count of steps that no passage read states.
 */
export type Calibration = { readonly bias: number } & { readonly [signal in keyof AnswerSignals]: number };

/** The signals a calibration weighs, in the order fitCalibration fits them. */
export const signalNames = [
  "agreement",
  "probability",
  "steps",
  "support",
  "unsupportedSteps",
] as const satisfies readonly (keyof AnswerSignals)[];

/**
 * Fitted on the tiny world's dev split by scripts/fit-strategy-defaults.ts (logistic regression over every strategy's
 * answers to 330 questions, comparisons answered in parts aside).
 */
export const defaultCalibration: Calibration = {
  bias: -2.324,
  agreement: 0.737,
  probability: 0.508,
  steps: 5.431,
  support: 2.091,
  unsupportedSteps: -3.349,
};

/**
 * The calibration setting of a model without a calibration: its confidence is the plain mean of the answer's
 * probability signals (see `confidenceOf`), not a fitted probability of being right.
 */
export const noCalibration = "none";

export interface FinishSettings {
  /** Answer samples to vote over (1: the greedy answer). */
  readonly samples: number;
  readonly temperature: number;
  readonly seed: number;
  /** Below this confidence the answer says it is not known. */
  readonly abstainBelow: number;
  /** How the signals become the confidence; `noCalibration` for a model that has none. */
  readonly calibration?: Calibration | typeof noCalibration;
}

export interface FinishInput {
  readonly question: string;
  readonly steps: readonly string[];
  readonly pool: PassagePool;
  /** How far the steps can be trusted, in [0, 1] (the weakest accepted step's reward, or its probability). */
  readonly stepScore: number;
  /**
   * Show the answer line only the passages that state a step, when any does (see `focusedPassages`); the whole pool
   * still supports the answer and is cited.
   */
  readonly focusPassages?: boolean;
}

/**
 * Samples the answer line after the accepted steps, votes, and turns agreement, the answer's probability and the
 * steps' score into one confidence; abstains below the threshold; cites the passages that state the steps or the
 * answer. Every strategy ends here, so that strategies differ only in how they reach their steps.
 */
export async function finishAnswer(
  model: LanguageModel,
  format: PromptFormat,
  input: FinishInput,
  settings: FinishSettings,
  emit: TraceSink,
  abortSignal?: AbortSignal,
): Promise<AnswerOutcome> {
  const focused = input.focusPassages ? focusedPassages(input.pool.texts(), input.steps, new Set()) : [];
  const shown = focused.length > 0 ? focused : input.pool.texts();
  const { prompt, firstKept } = await fitPassages(
    model,
    format,
    { passages: shown, question: input.question, steps: input.steps },
    "answer",
    24,
  );
  // Only the passages the model read (for the answer, or for the steps it answers from) can support or be cited.
  const readFrom = focused.length > 0 ? 1 : firstKept;
  const read = input.pool.texts().slice(readFrom - 1);
  const samples = await sampleLines(model, {
    prompt,
    samples: settings.samples,
    temperature: settings.samples === 1 ? 0 : settings.temperature,
    seed: settings.seed,
    maxTokens: 24,
    topLogprobs: 5,
    ...(abortSignal ? { abortSignal } : {}),
  });
  const vote = voteAnswers(samples);
  const signals: AnswerSignals = vote
    ? {
        agreement: vote.agreement,
        probability: vote.probability,
        steps: input.stepScore,
        support: chainSupport(input.question, input.steps, vote.answer, read),
        unsupportedSteps: unsupportedSteps(input.steps, read),
      }
    : { agreement: 0, probability: 0, steps: input.stepScore, support: 0, unsupportedSteps: input.steps.length };
  const confidence = vote ? confidenceOf(settings.calibration ?? defaultCalibration, signals) : 0;
  const abstained = vote === undefined || confidence < settings.abstainBelow;
  const answer = abstained ? notKnownAnswer : vote.answer;
  const claims = [...input.steps, `${input.question} ${vote?.answer ?? ""}`];
  const citations = abstained ? [] : citeClaims(claims, input.pool, readFrom);
  emit({ type: "answer-delta", text: answer });
  emit({ type: "answer-end", answer, confidence, abstained, citations, signals });
  return {
    answer,
    abstained,
    confidence,
    guess: vote?.answer,
    answerTokens: abstained || !vote ? [] : vote.tokens,
    steps: input.steps,
    citations,
    passages: input.pool.refs(),
  };
}

/**
 * +1 when a passage sentence states the answer about what the question asks (it contains the answer and at least
 * half of the question's content words, and the passages name everything the question names), -1 when passages are
 * in hand and none does, 0 without passages.
 */
export function passageSupport(question: string, answer: string, passages: readonly string[]): number {
  if (passages.length === 0) return 0;
  const named = new Set(passages.flatMap(wordsOf));
  if (!namesOf(question).every((name) => named.has(name))) return -1;
  const found = support(`${question} ${answer}`, passages);
  const wanted = contentWords(question).size;
  const sentence = found ? passages[found.passageNumber - 1]?.slice(found.start, found.end) : undefined;
  if (!found || !sentence || wanted === 0) return -1;
  const statesAnswer = ` ${normalizeAnswer(sentence)} `.includes(` ${normalizeAnswer(answer)} `);
  const coverage = [...contentWords(question)].filter((word) => contentWords(sentence).has(word)).length / wanted;
  return statesAnswer && coverage >= 0.5 ? 1 : -1;
}

/**
 * `passageSupport`, or +1 when the answer is what the last step states and a passage states that whole step: an answer
 * reached through a chain ("Sikre lies in the Thindrith region") is supported by the passage about the bridge,
 * though that passage never names whom the question asks about.
 */
export function chainSupport(
  question: string,
  steps: readonly string[],
  answer: string,
  passages: readonly string[],
): number {
  const direct = passageSupport(question, answer, passages);
  if (direct === 1 || passages.length === 0) return direct;
  // Only the last step: an earlier one names the bridge, the usual wrong answer to a two-hop question.
  const last = steps.at(-1);
  const stated =
    last !== undefined &&
    ` ${normalizeAnswer(last)} `.includes(` ${normalizeAnswer(answer)} `) &&
    statesClaim(last, passages);
  return stated ? 1 : direct;
}

/** The capitalised words of a question after its first word ("I" aside): the names of what it asks about. */
function namesOf(question: string): string[] {
  return wordsOf(question)
    .slice(1)
    .filter((word) => word.length > 1 && /^\p{Lu}/u.test(word));
}

/** How many of the steps no sentence of the passages read states (all its content words): facts only recalled. */
export function unsupportedSteps(steps: readonly string[], passages: readonly string[]): number {
  return steps.filter((step) => !statesClaim(step, passages)).length;
}

/**
 * The confidence of an answer's signals: calibrated, or, without a calibration, the mean of the three signals that
 * are probabilities (agreement, the answer's probability, the steps' score): a number in [0, 1] that orders answers
 * by how sure the model was, but is not fitted to how often it is right.
 */
export function confidenceOf(calibration: Calibration | typeof noCalibration, signals: AnswerSignals): number {
  if (calibration === noCalibration) return (signals.agreement + signals.probability + signals.steps) / 3;
  return calibrate(calibration, signals);
}

/** The calibrated confidence of an answer's signals. */
export function calibrate(calibration: Calibration, signals: AnswerSignals): number {
  const z = signalNames.reduce((sum, name) => sum + calibration[name] * signals[name], calibration.bias);
  return 1 / (1 + Math.exp(-z));
}
