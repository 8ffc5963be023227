import { z } from "zod";
import { finishAnswer } from "../reasoning/finish-answer.ts";
import { nextLine } from "../reasoning/next-line.ts";
import { PassagePool } from "../reasoning/passage-pool.ts";
import { retrieveIntoPool } from "../reasoning/retrieve-into-pool.ts";
import type { SampledLine } from "../reasoning/step-sampler.ts";
import { answerSettings, retrievalSettings, stepSettings } from "./shared-parameters.ts";
import type { Strategy } from "./strategy.ts";

const parameters = z
  .object({
    ...answerSettings,
    passagesPerRetrieval: retrievalSettings.passagesPerRetrieval,
    maxPassages: retrievalSettings.maxPassages,
    maxRetrievals: retrievalSettings.maxRetrievals,
    ...stepSettings,
    /** Retrieve when any token of the upcoming step is less probable than this. */
    tokenProbabilityBelow: z.number().min(0).max(1).default(0.4),
  })
  .strict();

export type FlareParameters = z.output<typeof parameters>;

/**
 * Forward-looking active retrieval: write the next step; if any of its tokens is improbable, search with the step
 * (its improbable tokens masked out, so that the query does not carry the guess) and write the step again with the
 * passages in hand.
 */
export const flare: Strategy<FlareParameters> = {
  name: "flare",
  description: "retrieve when a token of the upcoming step is improbable",
  parameters: parameters as z.ZodType<FlareParameters>,
  async run(question, settings, context) {
    const pool = new PassagePool();
    const steps: string[] = [];
    const probabilities: number[] = [];
    let retrievals = 0;
    const threshold = Math.log(settings.tokenProbabilityBelow);
    for (let step = 0; step < settings.maxSteps; step++) {
      let line = await nextLine(
        context.languageModel,
        context.format,
        { passages: pool.texts(), question, steps },
        context.abortSignal,
      );
      if (line.kind !== "step" || line.text === "") break;
      context.emit({ type: "step-sample", step, candidates: [line.text], withPassages: pool.size });
      if (line.minLogprob < threshold && context.retriever && retrievals < settings.maxRetrievals) {
        const retrieval = {
          step,
          query: `${question} ${maskImprobable(line, threshold)}`,
          queryKind: "step",
          k: settings.passagesPerRetrieval,
          maxPassages: settings.maxPassages,
        } as const;
        await retrieveIntoPool(context.retriever, pool, retrieval, context.emit, context.abortSignal);
        retrievals++;
        const again = await nextLine(
          context.languageModel,
          context.format,
          { passages: pool.texts(), question, steps },
          context.abortSignal,
        );
        if (again.kind === "step" && again.text !== "") line = again;
        context.emit({ type: "step-sample", step, candidates: [line.text], withPassages: pool.size });
      }
      steps.push(line.text);
      probabilities.push(Math.exp(line.meanLogprob));
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

/** The step without its improbable tokens (FLARE's masked query); the line's tokens exclude its label. */
function maskImprobable(line: SampledLine, threshold: number): string {
  return line.tokens
    .filter((token) => token.logprob >= threshold)
    .map((token) => token.token)
    .join("")
    .trim();
}
