import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { ModelLoadError } from "../model-errors.ts";
import { folderModelId } from "../transformers/model-source.ts";

/** The file that marks a folder as an LLM2Vec-Gen model. */
export const manifestFileName = "llm2vec-gen.json";

const linearLayerSchema = z.object({
  /** Tensor names in the head file: `weight` shaped [out, in], `bias` shaped [out]. */
  weight: z.string().min(1),
  bias: z.string().min(1).optional(),
});

/**
 * `llm2vec-gen.json`: how a frozen decoder, its trained special tokens, the pooling and the head make an embedding.
 * The decoder is a transformers.js causal LM folder whose embedding matrix already holds the special tokens' rows and
 * whose ONNX graph also outputs `last_hidden_state`.
 */
export const llm2vecGenManifestSchema = z.object({
  format: z.literal("llm2vec-gen"),
  version: z.literal(1),
  /** The decoder's folder, relative to this file (usually "."). */
  decoder: z.string().min(1).default("."),
  /** Input templates with a `{text}` placeholder: what the model is asked before its special tokens. */
  templates: z.object({
    query: z.string().includes("{text}"),
    passage: z.string().includes("{text}"),
  }),
  /** Token ids appended after the input, in order: thought tokens (a buffer), then compression tokens. */
  thoughtTokenIds: z.array(z.number().int().min(0)),
  compressionTokenIds: z.array(z.number().int().min(0)).min(1),
  /** How the compression tokens' last hidden states become one vector. */
  pooling: z.enum(["mean", "last"]).default("mean"),
  /** The alignment head applied to the pooled vector: linear layers with an activation between them. */
  head: z
    .object({
      file: z.string().min(1),
      layers: z.array(linearLayerSchema).min(1),
      activation: z.enum(["gelu-tanh", "relu", "identity"]).default("gelu-tanh"),
    })
    .optional(),
  dimensions: z.number().int().min(1),
  normalize: z.boolean().default(true),
});

export type Llm2VecGenManifest = z.output<typeof llm2vecGenManifestSchema>;

/** Whether a folder holds an LLM2Vec-Gen model. */
export function isLlm2VecGenFolder(folder: string): boolean {
  return existsSync(join(folder, manifestFileName));
}

/** Reads and validates a folder's manifest; a broken one fails with what is wrong in it. */
export function readLlm2VecGenManifest(folder: string): Llm2VecGenManifest {
  const path = join(folder, manifestFileName);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ModelLoadError(folder, `Could not read ${path}: ${error instanceof Error ? error.message : error}`);
  }
  const parsed = llm2vecGenManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new ModelLoadError(folder, `${path} is not a valid LLM2Vec-Gen manifest: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/**
 * An LLM2Vec-Gen model's id: the folder's name and a fingerprint of its manifest, head and decoder, the same wherever
 * the folder is copied. Found without loading the model (a corpus's id is compared with it before a load).
 */
export function llm2VecGenModelId(
  folder: string,
  manifest: Llm2VecGenManifest = readLlm2VecGenManifest(folder),
): string {
  const hash = createHash("sha256");
  hash.update(readFileSync(join(folder, manifestFileName)));
  if (manifest.head) hash.update(`${statSync(join(folder, manifest.head.file)).size}`);
  hash.update(folderModelId(join(folder, manifest.decoder)));
  return `${basename(folder)}@${hash.digest("hex").slice(0, 8)}`;
}
