import { z } from "zod";
import { introducedNames } from "../reasoning/bridge-names.ts";
import { finishAnswer } from "../reasoning/finish-answer.ts";
import { focusedPassages } from "../reasoning/focused-passages.ts";
import { nextLineOrBridge } from "../reasoning/next-line.ts";
import { PassagePool } from "../reasoning/passage-pool.ts";
import { retrieveIntoPool } from "../reasoning/retrieve-into-pool.ts";
import { answerSettingsFor, retrievalSettings, stepSettings } from "./shared-parameters.ts";
import type { Strategy } from "./strategy.ts";

const parameters = z
  .object({
    ...answerSettingsFor("ircot"),
    passagesPerRetrieval: retrievalSettings.passagesPerRetrieval,
    hops: retrievalSettings.hops,
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
      const foundForStep = new Set<string>();
      if (context.retriever) {
        const retrieval = {
          step,
          query,
          queryKind: step === 0 ? "question" : "step",
          k: settings.passagesPerRetrieval,
          maxPassages: settings.maxPassages,
        } as const;
        const { added } = await retrieveIntoPool(context.retriever, pool, retrieval, context.emit, context.abortSignal);
        for (const text of added) foundForStep.add(text);
      }
      const passages = focusedPassages(pool.texts(), steps, foundForStep);
      const line = await nextLineOrBridge(
        context.languageModel,
        context.format,
        { passages, question, steps },
        settings.continueAbove,
        context.abortSignal,
      );
      if (line.kind !== "step" || line.text === "") break;
      if (line.continued) context.emit({ type: "step-start", step, continued: line.continued });
      context.emit({ type: "step-sample", step, candidates: [line.text], withPassages: passages.length });
      steps.push(line.text);
      probabilities.push(Math.exp(line.meanLogprob));
      // The next search is for what this step brought in that the question did not name (a bridge), else the step.
      query = introducedNames(question, [line.text]).join(" ") || line.text;
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
