import { z } from "zod";
import { anotherStepChance } from "../reasoning/another-step-chance.ts";
import type { AnswerOutcome } from "../reasoning/answer-outcome.ts";
import { bridgeNames } from "../reasoning/bridge-names.ts";
import { draftAnswer } from "../reasoning/draft-answer.ts";
import { finishAnswer } from "../reasoning/finish-answer.ts";
import { fitPrompt } from "../reasoning/fit-prompt.ts";
import { focusedPassages } from "../reasoning/focused-passages.ts";
import { defaultRewardWeights, HeuristicRewardModel } from "../reasoning/heuristic-reward.ts";
import { PassagePool } from "../reasoning/passage-pool.ts";
import { acceptedAfterRetrievalReason, bridgeGate, retrievalGate } from "../reasoning/retrieval-gate.ts";
import { retrieveIntoPool } from "../reasoning/retrieve-into-pool.ts";
import type { Reward } from "../reasoning/reward-model.ts";
import { maskedStep, stepQuery } from "../reasoning/step-query.ts";
import { type SampledLine, sampleLines } from "../reasoning/step-sampler.ts";
import type { RetrievalQueryKind, ScoredCandidate } from "../reasoning/trace-events.ts";
import { answerSettingsFor, retrievalSettings, stepSettings } from "./shared-parameters.ts";
import type { Strategy } from "./strategy.ts";

const parameters = z
  .object({
    ...answerSettingsFor("recall-then-retrieve"),
    ...retrievalSettings,
    /** Candidates sampled for each step from the same prefix. */
    samples: z.number().int().min(1).max(16).default(4),
    temperature: z.number().min(0).max(2).default(0.8),
    ...stepSettings,
    /** Retrieve when the best candidate's reward is below this... (fitted on the dev split, like agreementBelow) */
    retrieveBelow: z.number().min(0).max(1).default(0.5),
    /** ...or when fewer than this share of the siblings agree with it. */
    agreementBelow: z.number().min(0).max(1).default(0.51),
    /**
     * Look up every step that builds on an entity an earlier step recalled (a bridge) unless a passage in hand states
     * it: a wrong fact about the bridge sinks the answer, and the model is as sure of a guess about it as of a fact.
     */
    verifyBridges: z.boolean().default(true),
    /** Show a step only the passages found for it and those that state an accepted step (off: the whole pool). */
    focusPassages: z.boolean().default(true),
    /** Off: one greedy candidate per step (an ablation). */
    sampling: z.boolean().default(true),
    /** Which reward parts count (all are still computed and traced). */
    reward: z
      .object({
        confidence: z.boolean().default(true),
        consistency: z.boolean().default(true),
        grounding: z.boolean().default(true),
        novelty: z.boolean().default(true),
      })
      .strict()
      .default({ confidence: true, consistency: true, grounding: true, novelty: true }),
  })
  .strict();

export type RecallThenRetrieveParameters = z.output<typeof parameters>;

/**
 * The model recalls first (a greedy closed-book draft), then re-walks its steps: from each fixed prefix it samples
 * K short continuations, scores them with the process reward, and retrieves only where the best one is weak or the
 * siblings disagree, re-sampling that step with the passages in its prompt.
 */
export const recallThenRetrieve: Strategy<RecallThenRetrieveParameters> = {
  name: "recall-then-retrieve",
  description: "recall, check each step by sampling, retrieve only for the shaky ones",
  parameters: parameters as z.ZodType<RecallThenRetrieveParameters>,
  async run(question, settings, context): Promise<AnswerOutcome> {
    const { languageModel: model, format, emit } = context;
    const abortSignal = context.abortSignal ? { abortSignal: context.abortSignal } : {};
    const on = (part: keyof typeof defaultRewardWeights) => (settings.reward[part] ? defaultRewardWeights[part] : 0);
    const rewardModel = new HeuristicRewardModel({
      weights: {
        confidence: on("confidence"),
        consistency: on("consistency"),
        grounding: on("grounding"),
        novelty: on("novelty"),
      },
    });
    emit({ type: "recall-start", question });
    const draft = await draftAnswer(model, format, { question }, abortSignal);
    emit({ type: "recall-end", steps: draft.steps, draftAnswer: draft.answer, answerLogprob: draft.answerLogprob });

    const pool = new PassagePool();
    const steps: string[] = [];
    const rewards: number[] = [];
    let retrievals = 0;
    const drafted = Math.max(draft.steps.length, 1);
    for (let step = 0; step < settings.maxSteps; step++) {
      const foundForStep = new Set<string>();
      const passages = (): string[] =>
        settings.focusPassages ? focusedPassages(pool.texts(), steps, foundForStep) : pool.texts();
      if (step < drafted) emit({ type: "step-start", step });
      else {
        const parts = { passages: passages(), question, steps };
        const chance = await anotherStepChance(model, format, parts, context.abortSignal);
        if (chance < settings.continueAbove) break;
        emit({ type: "step-start", step, continued: { chance, threshold: settings.continueAbove } });
      }
      /** The step's candidates; with `withGreedy`, the model's most probable line among them. */
      const sample = async (withGreedy = false): Promise<SampledLine[]> => {
        const shown = passages();
        const prompt = await fitPrompt(model, format, { passages: shown, question, steps }, "step", 48);
        const draw = (samples: number, temperature: number) =>
          sampleLines(model, { prompt, samples, temperature, seed: settings.seed + step, ...abortSignal });
        const candidates = !settings.sampling
          ? await draw(1, 0)
          : withGreedy
            ? [
                ...(await draw(1, 0)),
                ...(settings.samples > 1 ? await draw(settings.samples - 1, settings.temperature) : []),
              ]
            : await draw(settings.samples, settings.temperature);
        emit({
          type: "step-sample",
          step,
          candidates: candidates.map((line) => line.text),
          withPassages: shown.length,
        });
        return candidates;
      };
      let candidates = await sample();
      let scored = await rewardModel.score({ question, steps, candidates, passages: passages() });
      let chosen = best(scored);
      const bridge = settings.verifyBridges ? bridgeNames(question, steps, candidates[chosen]?.text ?? "") : [];
      const gate = bridgeGate(
        retrievalGate(rewardOf(scored, chosen), candidates.length, settings),
        bridge,
        scored[chosen]?.parts.grounding,
      );
      if (gate.weak && context.retriever && retrievals < settings.maxRetrievals) {
        emit({
          type: "step-reward",
          step,
          candidates: traced(candidates, scored),
          chosen,
          decision: "retrieve",
          reason: gate.reason,
        });
        const candidate = candidates[chosen];
        const { query, queryKind, embedText } = searchFor(question, steps, candidate, settings.query, {
          draftedSteps: draft.steps,
          embedsAnswers: context.retriever.embedsAnswers === true,
        });
        const { novelty, added } = await retrieveIntoPool(
          context.retriever,
          pool,
          { step, query, embedText, queryKind, k: settings.passagesPerRetrieval, maxPassages: settings.maxPassages },
          emit,
          context.abortSignal,
        );
        retrievals++;
        // The step is shown what its search added, not what earlier steps had already read.
        for (const text of added) foundForStep.add(text);
        candidates = await sample(true);
        scored = await rewardModel.score({
          question,
          steps,
          candidates,
          passages: passages(),
          novelty,
        });
        chosen = best(scored);
        emit({
          type: "step-reward",
          step,
          candidates: traced(candidates, scored),
          chosen,
          decision: "accept-after-retrieval",
          reason: acceptedAfterRetrievalReason(rewardOf(scored, chosen), candidates.length, passages().length),
        });
      } else {
        const reason = !gate.weak
          ? gate.reason
          : context.retriever
            ? `${gate.reason}; not retrieved: this question's retrievals are used up (maxRetrievals ${settings.maxRetrievals})`
            : `${gate.reason}; not retrieved: there is no corpus to retrieve from`;
        emit({ type: "step-reward", step, candidates: traced(candidates, scored), chosen, decision: "accept", reason });
      }
      const accepted = candidates[chosen]?.text ?? "";
      if (accepted === "" && step >= drafted) break;
      if (accepted === "") continue;
      steps.push(accepted);
      rewards.push(scored[chosen]?.reward ?? 0);
    }
    return finishAnswer(
      model,
      format,
      {
        question,
        steps,
        pool,
        stepScore: rewards.length === 0 ? 0 : Math.min(...rewards),
        focusPassages: settings.focusPassages,
      },
      { ...settings, samples: settings.sampling ? settings.samples : 1 },
      emit,
      context.abortSignal,
    );
  },
};

/**
 * What a shaky step searches with. After the first step: the step itself, its guess masked, with the names earlier
 * steps brought in (it is usually about one of them: see step-query.ts). The first step: as `mode` says.
 */
function searchFor(
  question: string,
  steps: readonly string[],
  candidate: SampledLine | undefined,
  mode: RecallThenRetrieveParameters["query"],
  generative: { readonly draftedSteps: readonly string[]; readonly embedsAnswers: boolean },
): { query: string; queryKind: RetrievalQueryKind; embedText: string | undefined } {
  const later = steps.length > 0 && candidate ? stepQuery(question, steps, candidate) : "";
  if (later !== "") return { query: later, queryKind: "step", embedText: undefined };
  if (mode === "step" && candidate)
    return { query: `${question} ${maskedStep(candidate)}`.trim(), queryKind: "step", embedText: undefined };
  const drafts = mode === "generative" && !generative.embedsAnswers;
  const embedText = drafts ? `${question} ${generative.draftedSteps.join(" ")}`.trim() : undefined;
  return { query: question, queryKind: mode, embedText };
}

function best(scored: readonly Reward[]): number {
  let chosen = 0;
  scored.forEach((candidate, index) => {
    if (candidate.reward > (scored[chosen]?.reward ?? Number.NEGATIVE_INFINITY)) chosen = index;
  });
  return chosen;
}

/** The chosen candidate's reward; none (no candidates) counts as the lowest. */
function rewardOf(scored: readonly Reward[], chosen: number): Reward {
  return scored[chosen] ?? { reward: 0, parts: { confidence: 0 } };
}

function traced(candidates: readonly SampledLine[], scored: readonly Reward[]): ScoredCandidate[] {
  return candidates.map((candidate, index) => ({
    text: candidate.text,
    meanLogprob: candidate.meanLogprob,
    minLogprob: candidate.minLogprob,
    reward: scored[index]?.reward ?? 0,
    parts: scored[index]?.parts ?? { confidence: 0 },
  }));
}
