import { z } from "zod";
import type { GenerateOptions } from "./language-model.ts";
import { ModelInputError } from "./model-errors.ts";

const generateOptionsSchema = z.object({
  prompt: z.string(),
  samples: z.number().int().min(1).max(64).default(1),
  maxTokens: z.number().int().min(1).max(32_768),
  stop: z.array(z.string().min(1)).max(16).default([]),
  temperature: z.number().min(0).max(5).default(1),
  topP: z.number().gt(0).max(1).default(1),
  topLogprobs: z.number().int().min(0).max(20).default(0),
  seed: z.number().int().optional(),
});

/** Generate options with every default filled in. */
export type ResolvedGenerateOptions = z.infer<typeof generateOptionsSchema> & { abortSignal?: AbortSignal };

/** Validates what a caller asked of a language model; a bad value is a `ModelInputError` that names the field. */
export function resolveGenerateOptions(modelId: string, options: GenerateOptions): ResolvedGenerateOptions {
  const { abortSignal, ...rest } = options;
  const parsed = generateOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelInputError(
      modelId,
      `Invalid generate option ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}.`,
    );
  }
  return abortSignal === undefined ? parsed.data : { ...parsed.data, abortSignal };
}
