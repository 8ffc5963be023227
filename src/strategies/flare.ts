import { z } from "zod";
import { bridgeNames } from "../reasoning/bridge-names.ts";
import { finishAnswer } from "../reasoning/finish-answer.ts";
import { focusedPassages } from "../reasoning/focused-passages.ts";
import { statesClaim } from "../reasoning/grounding.ts";
import { maskImprobable } from "../reasoning/masked-step.ts";
import { nextLineOrBridge } from "../reasoning/next-line.ts";
import { PassagePool } from "../reasoning/passage-pool.ts";
import { retrieveIntoPool } from "../reasoning/retrieve-into-pool.ts";
import { stepQuery } from "../reasoning/step-query.ts";
import { answerSettingsFor, retrievalSettings, stepSettings } from "./shared-parameters.ts";
import type { Strategy } from "./strategy.ts";

const parameters = z
  .object({
    ...answerSettingsFor("flare"),
    passagesPerRetrieval: retrievalSettings.passagesPerRetrieval,
    hops: retrievalSettings.hops,
    maxPassages: retrievalSettings.maxPassages,
    maxRetrievals: retrievalSettings.maxRetrievals,
    ...stepSettings,
    /** Also retrieve for a step that builds on a bridge no passage in hand states (as recall-then-retrieve does). */
    verifyBridges: z.boolean().default(true),
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
      const foundForStep = new Set<string>();
      const passages = (): string[] => focusedPassages(pool.texts(), steps, foundForStep);
      let line = await nextLineOrBridge(
        context.languageModel,
        context.format,
        { passages: passages(), question, steps },
        settings.continueAbove,
        context.abortSignal,
      );
      if (line.kind !== "step" || line.text === "") break;
      if (line.continued) context.emit({ type: "step-start", step, continued: line.continued });
      context.emit({ type: "step-sample", step, candidates: [line.text], withPassages: passages().length });
      const unverifiedBridge =
        settings.verifyBridges &&
        bridgeNames(question, steps, line.text).length > 0 &&
        !statesClaim(line.text, pool.texts());
      if (
        (line.minLogprob < threshold || unverifiedBridge) &&
        context.retriever &&
        retrievals < settings.maxRetrievals
      ) {
        // After the first step, the step is searched for alone (with the names earlier steps introduced): it is
        // usually about what they recalled, which the question does not name.
        const masked = maskImprobable(line, threshold);
        const retrieval = {
          step,
          query: step === 0 ? `${question} ${masked}` : stepQuery(question, steps, line) || question,
          queryKind: "step",
          k: settings.passagesPerRetrieval,
          maxPassages: settings.maxPassages,
        } as const;
        const { added } = await retrieveIntoPool(context.retriever, pool, retrieval, context.emit, context.abortSignal);
        for (const text of added) foundForStep.add(text);
        retrievals++;
        const again = await nextLineOrBridge(
          context.languageModel,
          context.format,
          { passages: passages(), question, steps },
          settings.continueAbove,
          context.abortSignal,
        );
        if (again.kind === "step" && again.text !== "") line = again;
        context.emit({ type: "step-sample", step, candidates: [line.text], withPassages: passages().length });
      }
      steps.push(line.text);
      probabilities.push(Math.exp(line.meanLogprob));
    }
    return finishAnswer(
      context.languageModel,
      context.format,
      {
        question,
        steps,
        pool,
        stepScore: probabilities.length === 0 ? 0 : Math.min(...probabilities),
        focusPassages: true,
      },
      settings,
      context.emit,
      context.abortSignal,
    );
  },
};
