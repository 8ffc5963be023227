import { type EmbeddingModelConfig, embeddingModelConfigSchema } from "../config/config-schema.ts";
import type { RecordedEmbeddingSettings } from "../db/schema.ts";
import { isLlm2VecGenFolder } from "../models/llm2vec-gen/llm2vec-gen-manifest.ts";
import { resolveModelSource } from "../models/transformers/model-source.ts";

/**
 * What a corpus records of the embedding model that made its vectors: enough to load it again from any working
 * folder, and never a secret. A folder is recorded by its absolute path, and one with an llm2vec-gen.json as
 * "llm2vec-gen", so that two spellings of one model record (and load) as one.
 */
export function recordEmbeddingSettings(config: EmbeddingModelConfig): RecordedEmbeddingSettings {
  const prefixes = { queryPrefix: config.queryPrefix, passagePrefix: config.passagePrefix };
  if (config.provider === "openai-compatible")
    return {
      provider: config.provider,
      model: config.model,
      ...prefixes,
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    };
  const source = resolveModelSource(config.model);
  const generative = config.provider === "llm2vec-gen" || (source.kind === "folder" && isLlm2VecGenFolder(source.path));
  return {
    provider: generative ? "llm2vec-gen" : "transformers",
    model: source.kind === "folder" ? source.path : source.id,
    dtype: config.dtype,
    ...prefixes,
    pooling: config.pooling,
  };
}

/**
 * The full settings that load a recorded model. What a corpus does not record comes from the configured embedding
 * model: its batch size always, and its key, timeout and retries when it is the same remote server (same provider and
 * base URL); else the defaults.
 */
export function embeddingConfigOf(
  recorded: RecordedEmbeddingSettings,
  configured: EmbeddingModelConfig | undefined,
): EmbeddingModelConfig {
  const sameServer =
    configured !== undefined &&
    recorded.provider === "openai-compatible" &&
    configured.provider === recorded.provider &&
    configured.baseUrl === recorded.baseUrl;
  return embeddingModelConfigSchema.parse({
    ...recorded,
    ...(configured ? { batchSize: configured.batchSize } : {}),
    ...(sameServer
      ? { apiKey: configured.apiKey, timeoutMs: configured.timeoutMs, maxRetries: configured.maxRetries }
      : {}),
  });
}

/** One string for settings that load the same model the same way: the key a loaded model is shared under. */
export function embeddingSettingsKey(settings: RecordedEmbeddingSettings): string {
  return JSON.stringify([
    settings.provider,
    settings.model,
    settings.dtype ?? "fp32",
    settings.queryPrefix ?? "",
    settings.passagePrefix ?? "",
    settings.pooling ?? "mean",
    settings.baseUrl ?? "",
  ]);
}
