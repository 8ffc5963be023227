import type { LanguageModel } from "../models/language-model.ts";
import { fitPrompt } from "./fit-prompt.ts";
import { answerLabel, type PromptParts, stepLabel } from "./prompt-format.ts";
import { type SampledLine, sampleLines } from "./step-sampler.ts";

export interface NextLine extends SampledLine {
  /** Whether the model chose to write another step or its answer (or neither: it has nothing to add). */
  readonly kind: "step" | "answer" | "none";
}

/** The model's greedy next line after the steps so far: another `Step:`, or the `Answer:`. */
export async function nextLine(model: LanguageModel, parts: PromptParts, abortSignal?: AbortSignal): Promise<NextLine> {
  const [line] = await sampleLines(model, {
    prompt: await fitPrompt(model, parts, "either", 48),
    samples: 1,
    temperature: 0,
    seed: 0,
    ...(abortSignal ? { abortSignal } : {}),
  });
  const text = line?.text ?? "";
  const kind = text.startsWith(stepLabel) ? "step" : text.startsWith(answerLabel) ? "answer" : "none";
  const label = kind === "step" ? stepLabel : kind === "answer" ? answerLabel : "";
  return {
    text: text.slice(label.length).trim(),
    tokens: line?.tokens ?? [],
    meanLogprob: line?.meanLogprob ?? Number.NEGATIVE_INFINITY,
    minLogprob: line?.minLogprob ?? Number.NEGATIVE_INFINITY,
    kind,
  };
}
