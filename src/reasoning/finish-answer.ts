import type { LanguageModel } from "../models/language-model.ts";
import type { StrategyOutcome } from "../strategies/strategy.ts";
import { voteAnswers } from "./answer-vote.ts";
import { citeClaims } from "./citations.ts";
import type { PassagePool } from "./passage-pool.ts";
import { renderPrompt } from "./prompt-format.ts";
import { sampleLines } from "./step-sampler.ts";
import type { TraceSink } from "./trace-events.ts";

/** The words said when the answer is not known. */
export const notKnownAnswer = "I don't know: neither what I recall nor the passages I found answer this question.";

export interface FinishSettings {
  /** Answer samples to vote over (1: the greedy answer). */
  readonly samples: number;
  readonly temperature: number;
  readonly seed: number;
  /** Below this confidence the answer says it is not known. */
  readonly abstainBelow: number;
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
    prompt: renderPrompt({ passages: input.pool.texts(), question: input.question, steps: input.steps }, "answer"),
    samples: settings.samples,
    temperature: settings.samples === 1 ? 0 : settings.temperature,
    seed: settings.seed,
    maxTokens: 24,
    ...(abortSignal ? { abortSignal } : {}),
  });
  const vote = voteAnswers(samples);
  const confidence = vote ? (vote.agreement + vote.probability + input.stepScore) / 3 : 0;
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
