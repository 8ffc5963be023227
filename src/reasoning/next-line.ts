import type { LanguageModel, TokenLogprob } from "../models/language-model.ts";
import { anotherStepChance } from "./another-step-chance.ts";
import { fitPrompt } from "./fit-prompt.ts";
import { lineKind, type PromptFormat, type PromptParts } from "./prompt-format.ts";
import { emptyLineLogprob, type SampledLine, sampleLines } from "./step-sampler.ts";

export interface NextLine extends SampledLine {
  /** Whether the model chose to write another step or its answer (or neither: it has nothing to add). */
  readonly kind: "step" | "answer" | "none";
}

/** The model's greedy next line after the steps so far: another `Step:`, or the `Answer:`. */
export async function nextLine(
  model: LanguageModel,
  format: PromptFormat,
  parts: PromptParts,
  abortSignal?: AbortSignal,
): Promise<NextLine> {
  const [line] = await sampleLines(model, {
    prompt: await fitPrompt(model, format, parts, "either", 48),
    samples: 1,
    temperature: 0,
    seed: 0,
    ...(abortSignal ? { abortSignal } : {}),
  });
  const text = line?.text ?? "";
  const { kind, label } = lineKind(text);
  // The label says which kind of line it is; the line's confidence is that of what follows it.
  const content = tokensAfter(
    line?.tokens ?? [],
    (line?.tokens ?? [])
      .map((token) => token.token)
      .join("")
      .indexOf(label) + label.length,
  );
  const logprobs = content.map((token) => token.logprob);
  return {
    text: text.slice(label.length).trim(),
    tokens: content,
    meanLogprob:
      logprobs.length === 0 ? emptyLineLogprob : logprobs.reduce((sum, value) => sum + value, 0) / logprobs.length,
    minLogprob: logprobs.length === 0 ? emptyLineLogprob : Math.min(...logprobs),
    kind,
  };
}

/** The tokens that end after character `offset` of the text they spell. */
function tokensAfter(tokens: readonly TokenLogprob[], offset: number): TokenLogprob[] {
  const kept: TokenLogprob[] = [];
  let position = 0;
  for (const token of tokens) {
    position += token.token.length;
    if (position > offset && token.token.trim() !== "") kept.push(token);
  }
  return kept;
}

/**
 * `nextLine`, except where the model would answer after at least one step but gives another step at least
 * `continueAbove` probability (see `anotherStepChance`): then its greedy next step, marked `continued`.
 */
export async function nextLineOrBridge(
  model: LanguageModel,
  format: PromptFormat,
  parts: PromptParts,
  continueAbove: number,
  abortSignal?: AbortSignal,
): Promise<NextLine & { readonly continued?: { readonly chance: number; readonly threshold: number } }> {
  const line = await nextLine(model, format, parts, abortSignal);
  if (line.kind === "step" || (parts.steps ?? []).length === 0 || continueAbove >= 1) return line;
  const chance = await anotherStepChance(model, format, parts, abortSignal);
  if (chance < continueAbove) return line;
  const [step] = await sampleLines(model, {
    prompt: await fitPrompt(model, format, parts, "step", 48),
    samples: 1,
    temperature: 0,
    seed: 0,
    ...(abortSignal ? { abortSignal } : {}),
  });
  if (!step || step.text === "") return line;
  return { ...step, kind: "step", continued: { chance, threshold: continueAbove } };
}
