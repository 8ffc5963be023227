import { z } from "zod";

const dtypeSchema = z.enum(["fp32", "fp16", "q8", "int8", "uint8", "q4"]);

/** Where a model runs: in-process through transformers.js, or behind an OpenAI-compatible server. */
const providerSchema = z.enum(["transformers", "openai-compatible"]);

/** For "openai-compatible": the server and how to talk to it. */
const remoteFields = {
  /** The server's base URL, e.g. http://localhost:8000/v1 (vLLM) or http://localhost:11434/v1 (Ollama). */
  baseUrl: z.url().optional(),
  /** Sent as a bearer token; RECALL_API_KEY sets it. */
  apiKey: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(100).default(60_000),
  maxRetries: z.number().int().min(0).max(10).default(3),
};

const needsBaseUrl = (config: { provider: string; baseUrl?: string | undefined }) =>
  config.provider !== "openai-compatible" || config.baseUrl !== undefined;
const baseUrlMessage = { message: 'an "openai-compatible" model needs a baseUrl', path: ["baseUrl"] };

/** The language model: a local folder or a hub id (transformers), or a model name on a server (openai-compatible). */
const languageModelFields = z.object({
  provider: providerSchema,
  model: z.string().min(1),
  dtype: dtypeSchema.default("fp32"),
  ...remoteFields,
  /** openai-compatible: how many tokens the served model reads. */
  contextLength: z.number().int().min(64).default(4096),
});
export const languageModelConfigSchema = languageModelFields.refine(needsBaseUrl, baseUrlMessage);

/** The embedding model, in-process or behind an OpenAI-compatible /v1/embeddings. */
const embeddingModelFields = z.object({
  /** "llm2vec-gen": generative embeddings from a folder with llm2vec-gen.json (found by itself in a transformers folder). */
  provider: z.enum(["transformers", "openai-compatible", "llm2vec-gen"]),
  model: z.string().min(1),
  dtype: dtypeSchema.default("fp32"),
  queryPrefix: z.string().default(""),
  passagePrefix: z.string().default(""),
  pooling: z.enum(["mean", "cls"]).default("mean"),
  batchSize: z.number().int().min(1).max(1024).default(64),
  ...remoteFields,
});
export const embeddingModelConfigSchema = embeddingModelFields.refine(needsBaseUrl, baseUrlMessage);

/** A cross-encoder reranker run in-process by transformers.js; used when a search asks for reranking. */
export const rerankerConfigSchema = z.object({
  provider: z.literal("transformers"),
  model: z.string().min(1),
  dtype: dtypeSchema.default("fp32"),
  batchSize: z.number().int().min(1).max(1024).default(32),
});

export const configSchema = z.object({
  /** The data folder: LanceDB tables and the SQLite file. */
  home: z.string().min(1),
  /** Never download models: hub ids load only from the local cache. */
  offline: z.boolean(),
  /** Where the LanceDB tables live: a folder, or a URI such as s3://bucket/path. Default: <home>/lancedb. */
  lancedbUri: z.string().min(1).optional(),
  models: z.object({
    language: languageModelConfigSchema,
    embedding: embeddingModelConfigSchema,
    reranker: rerankerConfigSchema,
  }),
});

export type RecallConfig = z.output<typeof configSchema>;
export type LanguageModelConfig = RecallConfig["models"]["language"];
export type EmbeddingModelConfig = RecallConfig["models"]["embedding"];
export type RerankerConfig = RecallConfig["models"]["reranker"];

/** What a config file, the environment or the command line may set: any part of the config. */
export const partialConfigSchema = z
  .object({
    home: z.string().min(1),
    offline: z.boolean(),
    lancedbUri: z.string().min(1),
    models: z
      .object({
        language: languageModelFields.partial().strict(),
        embedding: embeddingModelFields.partial().strict(),
        reranker: rerankerConfigSchema.partial().strict(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export type PartialConfig = z.input<typeof partialConfigSchema>;
