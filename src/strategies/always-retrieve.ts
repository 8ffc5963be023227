import { z } from "zod";
import { PassagePool } from "../reasoning/passage-pool.ts";
import { retrieveIntoPool } from "../reasoning/retrieve-into-pool.ts";
import { answerFromPassages } from "./answer-from-passages.ts";
import { answerSettingsFor, retrievalSettings } from "./shared-parameters.ts";
import type { Strategy } from "./strategy.ts";

const parameters = z
  .object({
    ...answerSettingsFor("always-retrieve"),
    passagesPerRetrieval: retrievalSettings.passagesPerRetrieval,
    hops: retrievalSettings.hops,
  })
  .strict();

export type AlwaysRetrieveParameters = z.output<typeof parameters>;

/** Retrieve with the question, then reason and answer with the passages in the prompt: classic RAG. */
export const alwaysRetrieve: Strategy<AlwaysRetrieveParameters> = {
  name: "always-retrieve",
  description: "retrieve with the question, then answer from the passages",
  parameters: parameters as z.ZodType<AlwaysRetrieveParameters>,
  async run(question, settings, context) {
    const pool = new PassagePool();
    if (context.retriever) {
      const retrieval = { step: 0, query: question, queryKind: "question", k: settings.passagesPerRetrieval } as const;
      await retrieveIntoPool(context.retriever, pool, retrieval, context.emit, context.abortSignal);
    }
    return answerFromPassages(question, pool, settings, context);
  },
};
