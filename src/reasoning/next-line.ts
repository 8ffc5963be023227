import type { LanguageModel, TokenLogprob } from "../models/language-model.ts";
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
