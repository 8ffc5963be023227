import { z } from "zod";
import { finishAnswer } from "../reasoning/finish-answer.ts";
import { nextLine } from "../reasoning/next-line.ts";
import { PassagePool } from "../reasoning/passage-pool.ts";
import { retrieveIntoPool } from "../reasoning/retrieve-into-pool.ts";
import { answerSettings, retrievalSettings, stepSettings } from "./shared-parameters.ts";
import type { Strategy } from "./strategy.ts";

const parameters = z
  .object({
    ...answerSettings,
    passagesPerRetrieval: retrievalSettings.passagesPerRetrieval,
    maxPassages: retrievalSettings.maxPassages,
    ...stepSettings,
  })
  .strict();

export type IrcotParameters = z.output<typeof parameters>;

/**
 * Interleaving retrieval with chain-of-thought: retrieve with the question, write one step with the passages in
 * hand, retrieve with that step, and so on until the model gives its answer or the steps run out.
 */
export const ircot: Strategy<IrcotParameters> = {
  name: "ircot",
  description: "retrieve at every reasoning step, with the last step as the query",
  parameters: parameters as z.ZodType<IrcotParameters>,
  async run(question, settings, context) {
    const pool = new PassagePool();
    const steps: string[] = [];
    const probabilities: number[] = [];
    let query = question;
    for (let step = 0; step < settings.maxSteps; step++) {
      if (context.retriever) {
        const retrieval = {
          step,
          query,
          queryKind: step === 0 ? "question" : "step",
          k: settings.passagesPerRetrieval,
          maxPassages: settings.maxPassages,
        } as const;
        await retrieveIntoPool(context.retriever, pool, retrieval, context.emit, context.abortSignal);
      }
      const line = await nextLine(
        context.languageModel,
        context.format,
        { passages: pool.texts(), question, steps },
        context.abortSignal,
      );
      if (line.kind !== "step" || line.text === "") break;
      context.emit({ type: "step-sample", step, candidates: [line.text], withPassages: pool.size });
      steps.push(line.text);
      probabilities.push(Math.exp(line.meanLogprob));
      query = line.text;
    }
    return finishAnswer(
      context.languageModel,
      context.format,
      { question, steps, pool, stepScore: probabilities.length === 0 ? 0 : Math.min(...probabilities) },
      settings,
      context.emit,
      context.abortSignal,
    );
  },
};
