import { z } from "zod";
import { draftAnswer } from "../reasoning/draft-answer.ts";
import { PassagePool } from "../reasoning/passage-pool.ts";
import { retrieveIntoPool } from "../reasoning/retrieve-into-pool.ts";
import { answerFromPassages } from "./answer-from-passages.ts";
import { answerSettingsFor, retrievalSettings } from "./shared-parameters.ts";
import type { Strategy } from "./strategy.ts";

const parameters = z
  .object({
    ...answerSettingsFor("hyde"),
    passagesPerRetrieval: retrievalSettings.passagesPerRetrieval,
    hops: retrievalSettings.hops,
  })
  .strict();

export type HydeParameters = z.output<typeof parameters>;

/**
 * Hypothetical document embeddings: the model drafts an answer closed-book, the draft (not the question) is
 * embedded to find passages, and the model answers again with them.
 */
export const hyde: Strategy<HydeParameters> = {
  name: "hyde",
  description: "retrieve with the embedding of a drafted answer, then answer from the passages",
  parameters: parameters as z.ZodType<HydeParameters>,
  async run(question, settings, context) {
    const abortSignal = context.abortSignal ? { abortSignal: context.abortSignal } : {};
    context.emit({ type: "recall-start", question });
    const draft = await draftAnswer(context.languageModel, context.format, { question }, abortSignal);
    context.emit({
      type: "recall-end",
      steps: draft.steps,
      draftAnswer: draft.answer,
      answerLogprob: draft.answerLogprob,
    });
    const pool = new PassagePool();
    if (context.retriever) {
      const embedText = draft.completion.trim() || question;
      const retrieval = {
        step: 0,
        query: question,
        embedText,
        queryKind: "generative",
        k: settings.passagesPerRetrieval,
      } as const;
      await retrieveIntoPool(context.retriever, pool, retrieval, context.emit, context.abortSignal);
    }
    return answerFromPassages(question, pool, settings, context);
  },
};
