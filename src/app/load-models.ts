import { ConfigError } from "../config/config-error.ts";
import type {
  EmbeddingModelConfig,
  LanguageModelConfig,
  RecallConfig,
  RerankerConfig,
} from "../config/config-schema.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { LanguageModel } from "../models/language-model.ts";
import { isLlm2VecGenFolder, llm2VecGenModelId } from "../models/llm2vec-gen/llm2vec-gen-manifest.ts";
import type { RemoteSettings } from "../models/openai-compatible/http-client.ts";
import type { Reranker } from "../models/reranker.ts";
import { folderModelId, modelIdOf, resolveModelSource } from "../models/transformers/model-source.ts";
import type { DecodingSettings } from "../models/transformers/transformers-language-model.ts";

/*
 * The adapters are imported when a model is loaded, not when this module is: transformers.js and ONNX Runtime take
 * seconds to import, and most commands (and --help) never load a model.
 */

/** Loads the configured language model. */
export async function loadLanguageModel(
  config: LanguageModelConfig,
  settings: Pick<RecallConfig, "offline">,
  decoding: DecodingSettings = {},
): Promise<LanguageModel> {
  if (config.provider === "openai-compatible" && config.api === "chat") {
    const { OpenAICompatibleChatModel } = await import("../models/openai-compatible/openai-compatible-chat-model.ts");
    return new OpenAICompatibleChatModel({
      ...remoteSettings(config),
      model: config.model,
      contextLength: config.contextLength,
      prefill: config.prefill ?? "instruction",
    });
  }
  if (config.provider === "openai-compatible") {
    const { OpenAICompatibleLanguageModel } = await import(
      "../models/openai-compatible/openai-compatible-language-model.ts"
    );
    return new OpenAICompatibleLanguageModel({
      ...remoteSettings(config),
      model: config.model,
      contextLength: config.contextLength,
    });
  }
  const { TransformersLanguageModel } = await import("../models/transformers/transformers-language-model.ts");
  return TransformersLanguageModel.load(config.model, { offline: settings.offline, dtype: config.dtype }, decoding);
}

/** Loads the configured embedding model; a folder with an llm2vec-gen.json is an LLM2Vec-Gen model. */
export async function loadEmbeddingModel(
  config: EmbeddingModelConfig,
  settings: Pick<RecallConfig, "offline">,
): Promise<EmbeddingModel> {
  if (config.provider === "openai-compatible") {
    const { OpenAICompatibleEmbeddingModel } = await import(
      "../models/openai-compatible/openai-compatible-embedding-model.ts"
    );
    return OpenAICompatibleEmbeddingModel.connect({
      ...remoteSettings(config),
      model: config.model,
      queryPrefix: config.queryPrefix,
      passagePrefix: config.passagePrefix,
      batchSize: config.batchSize,
    });
  }
  const source = resolveModelSource(config.model);
  if (config.provider === "llm2vec-gen" || (source.kind === "folder" && isLlm2VecGenFolder(source.path))) {
    const { Llm2VecGenEmbeddingModel } = await import("../models/llm2vec-gen/llm2vec-gen-embedding-model.ts");
    return Llm2VecGenEmbeddingModel.load(config.model, {
      offline: settings.offline,
      dtype: config.dtype,
      batchSize: config.batchSize,
    });
  }
  const { TransformersEmbeddingModel } = await import("../models/transformers/transformers-embedding-model.ts");
  return TransformersEmbeddingModel.load(config.model, {
    offline: settings.offline,
    dtype: config.dtype,
    queryPrefix: config.queryPrefix,
    passagePrefix: config.passagePrefix,
    pooling: config.pooling,
    batchSize: config.batchSize,
  });
}

/**
 * The id the embedding model these settings load will report, found without loading it (a folder's id is a
 * fingerprint of a few small files), so that a corpus's model can be checked in a listing.
 */
export function embeddingModelIdOf(config: EmbeddingModelConfig): string {
  if (config.provider === "openai-compatible") return config.model;
  const source = resolveModelSource(config.model);
  if (source.kind === "hub") return source.id;
  if (config.provider === "llm2vec-gen" || isLlm2VecGenFolder(source.path)) return llm2VecGenModelId(source.path);
  return folderModelId(source.path);
}

/**
 * The id the language model these settings load will report, found without loading it: the server's model name for a
 * remote model, else the hub id or the folder's fingerprint, as `TransformersLanguageModel.load` names it.
 */
export function languageModelIdOf(config: LanguageModelConfig): string {
  if (config.provider === "openai-compatible") return config.model;
  return modelIdOf(resolveModelSource(config.model));
}

/** Loads the configured reranker. */
export async function loadReranker(config: RerankerConfig, settings: Pick<RecallConfig, "offline">): Promise<Reranker> {
  const { TransformersReranker } = await import("../models/transformers/transformers-reranker.ts");
  return TransformersReranker.load(config.model, {
    offline: settings.offline,
    dtype: config.dtype,
    batchSize: config.batchSize,
  });
}

function remoteSettings(config: LanguageModelConfig | EmbeddingModelConfig): RemoteSettings {
  if (!config.baseUrl) throw new ConfigError(`The model "${config.model}" is "openai-compatible" but has no baseUrl.`);
  return { baseUrl: config.baseUrl, apiKey: config.apiKey, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries };
}
