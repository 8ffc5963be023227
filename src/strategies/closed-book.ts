import { z } from "zod";
import { draftAnswer } from "../reasoning/draft-answer.ts";
import { finishAnswer } from "../reasoning/finish-answer.ts";
import { PassagePool } from "../reasoning/passage-pool.ts";
import { answerSettingsFor } from "./shared-parameters.ts";
import type { Strategy } from "./strategy.ts";

const parameters = z
  .object({
    ...answerSettingsFor("closed-book"),
  })
  .strict();

export type ClosedBookParameters = z.output<typeof parameters>;

/** The model answers from what it knows, never retrieving: the baseline every other strategy must beat. */
export const closedBook: Strategy<ClosedBookParameters> = {
  name: "closed-book",
  description: "answer from the model's own knowledge only",
  parameters: parameters as z.ZodType<ClosedBookParameters>,
  async run(question, settings, context) {
    context.emit({ type: "recall-start", question });
    const draft = await draftAnswer(
      context.languageModel,
      context.format,
      { question },
      context.abortSignal ? { abortSignal: context.abortSignal } : {},
    );
    context.emit({
      type: "recall-end",
      steps: draft.steps,
      draftAnswer: draft.answer,
      answerLogprob: draft.answerLogprob,
    });
    return finishAnswer(
      context.languageModel,
      context.format,
      { question, steps: draft.steps, pool: new PassagePool(), stepScore: Math.exp(draft.answerLogprob) },
      settings,
      context.emit,
      context.abortSignal,
    );
  },
};
