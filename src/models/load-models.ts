import type {
  EmbeddingModelConfig,
  LanguageModelConfig,
  RecallConfig,
  RerankerConfig,
} from "../config/config-schema.ts";
import type { EmbeddingModel } from "./embedding-model.ts";
import type { LanguageModel } from "./language-model.ts";
import type { Reranker } from "./reranker.ts";
import { TransformersEmbeddingModel } from "./transformers/transformers-embedding-model.ts";
import { TransformersLanguageModel } from "./transformers/transformers-language-model.ts";
import { TransformersReranker } from "./transformers/transformers-reranker.ts";

/** Loads the configured language model. */
export async function loadLanguageModel(
  config: LanguageModelConfig,
  settings: Pick<RecallConfig, "offline">,
): Promise<LanguageModel> {
  return TransformersLanguageModel.load(config.model, { offline: settings.offline, dtype: config.dtype });
}

/** Loads the configured embedding model. */
export async function loadEmbeddingModel(
  config: EmbeddingModelConfig,
  settings: Pick<RecallConfig, "offline">,
): Promise<EmbeddingModel> {
  return TransformersEmbeddingModel.load(config.model, {
    offline: settings.offline,
    dtype: config.dtype,
    queryPrefix: config.queryPrefix,
    passagePrefix: config.passagePrefix,
    pooling: config.pooling,
    batchSize: config.batchSize,
  });
}

/** Loads the configured reranker. */
export async function loadReranker(config: RerankerConfig, settings: Pick<RecallConfig, "offline">): Promise<Reranker> {
  return TransformersReranker.load(config.model, {
    offline: settings.offline,
    dtype: config.dtype,
    batchSize: config.batchSize,
  });
}
