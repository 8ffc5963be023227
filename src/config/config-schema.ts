import { z } from "zod";

const dtypeSchema = z.enum(["fp32", "fp16", "q8", "int8", "uint8", "q4"]);

/** A language model run in-process by transformers.js: a local folder or a hub id. */
export const languageModelConfigSchema = z.object({
  provider: z.literal("transformers"),
  model: z.string().min(1),
  dtype: dtypeSchema.default("fp32"),
});

/** An embedding model run in-process by transformers.js. */
export const embeddingModelConfigSchema = z.object({
  provider: z.literal("transformers"),
  model: z.string().min(1),
  dtype: dtypeSchema.default("fp32"),
  queryPrefix: z.string().default(""),
  passagePrefix: z.string().default(""),
  pooling: z.enum(["mean", "cls"]).default("mean"),
  batchSize: z.number().int().min(1).max(1024).default(64),
});

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
        language: languageModelConfigSchema.partial().strict(),
        embedding: embeddingModelConfigSchema.partial().strict(),
        reranker: rerankerConfigSchema.partial().strict(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export type PartialConfig = z.input<typeof partialConfigSchema>;
