import type { EmbeddingModelConfig, LanguageModelConfig, RecallConfig } from "../config/config-schema.ts";
import type { EmbeddingModel } from "./embedding-model.ts";
import type { LanguageModel } from "./language-model.ts";
import { TransformersEmbeddingModel } from "./transformers/transformers-embedding-model.ts";
import { TransformersLanguageModel } from "./transformers/transformers-language-model.ts";

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
