import type { AnswerOutcome } from "../reasoning/answer-outcome.ts";
import { draftAnswer } from "../reasoning/draft-answer.ts";
import { type FinishSettings, finishAnswer } from "../reasoning/finish-answer.ts";
import type { PassagePool } from "../reasoning/passage-pool.ts";
import type { StrategyContext } from "./strategy.ts";

/** Reasons greedily with the passages in hand, then answers (the common ending of always-retrieve and hyde). */
export async function answerFromPassages(
  question: string,
  pool: PassagePool,
  settings: FinishSettings,
  context: StrategyContext,
): Promise<AnswerOutcome> {
  const abortSignal = context.abortSignal ? { abortSignal: context.abortSignal } : {};
  const read = await draftAnswer(
    context.languageModel,
    context.format,
    { passages: pool.texts(), question },
    abortSignal,
  );
  return finishAnswer(
    context.languageModel,
    context.format,
    { question, steps: read.steps, pool, stepScore: Math.exp(read.answerLogprob) },
    settings,
    context.emit,
    context.abortSignal,
  );
}
