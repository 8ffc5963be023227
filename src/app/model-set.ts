import type { EmbeddingModelConfig, RecallConfig } from "../config/config-schema.ts";
import type { RecordedEmbeddingSettings } from "../db/schema.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { LanguageModel } from "../models/language-model.ts";
import type { Reranker } from "../models/reranker.ts";
import { lazy } from "../util/lazy.ts";
import { EmbeddingModelPool, type StoppableEmbeddingModel } from "./embedding-model-pool.ts";
import {
  embeddingModelIdOf,
  languageModelIdOf,
  loadEmbeddingModel,
  loadLanguageModel,
  loadReranker,
} from "./load-models.ts";
import { embeddingConfigOf, embeddingSettingsKey, recordEmbeddingSettings } from "./recorded-embedding-settings.ts";
import type { WorkerObserver } from "./runtime/model-worker-client.ts";

/** The models a Recall uses, each loaded on first use and shared after that. */
export interface ModelSet {
  language(): Promise<LanguageModel>;
  /** The id the configured language model reports once loaded, known without loading it. */
  configuredLanguageModelId(): string;
  /** The configured embedding model: new corpora are indexed with it. */
  embedding(): Promise<EmbeddingModel>;
  /** What is known of the configured embedding model without loading it. */
  configuredEmbedding(): ConfiguredEmbedding;
  /**
   * The embedding model that a corpus's recorded settings load (the configured one when they are its own), loaded on
   * first use; only the few most recently used stay loaded (runtime.maxEmbeddingModels).
   */
  recordedEmbedding(settings: RecordedEmbeddingSettings): Promise<EmbeddingModel>;
  reranker(): Promise<Reranker>;
  /** Stops what the models run on (their worker threads); models given in hand are left alone. */
  close?(): Promise<void>;
}

/** The configured embedding model, as far as it is known without loading it. */
export interface ConfiguredEmbedding {
  /** The id it reports once loaded (a corpus that recorded no settings is searched with it when the ids agree). */
  readonly modelId: string;
  /** What a corpus indexed with it records; none for a model given in hand. */
  readonly settings: RecordedEmbeddingSettings | undefined;
}

/** Embedding models held at once by `givenModels` besides the one given (configured ones: runtime.maxEmbeddingModels). */
const defaultMaxEmbeddingModels = 3;

/**
 * The configured models, loaded lazily: a command that only searches full text never loads one. With `workers`, the
 * in-process models run in worker threads, off the event loop that serves requests (a remote model is only HTTP and
 * stays on it); without, in this thread, as suits a one-shot command. Embedding models, the configured one among
 * them, share one `EmbeddingModelPool` of runtime.maxEmbeddingModels, so that corpora of other models are served too.
 */
export function configuredModels(
  config: RecallConfig,
  options: { workers: boolean; observer?: WorkerObserver } = { workers: false },
): ModelSet {
  const observer = options.observer ?? {};
  const started: { close(): Promise<void> }[] = [];
  const inWorker = async <T>(make: () => Promise<T & { close(): Promise<void> }>): Promise<T> => {
    const model = await make();
    started.push(model);
    return model;
  };
  const { runtime } = config;
  const batching = { maxBatchRows: runtime.maxBatchRows, maxQueuedRequests: runtime.maxQueuedRequests };
  const configured = config.models.embedding;
  const configuredSettings = once(() => recordEmbeddingSettings(configured));
  const configuredEmbedding = once(() => ({ settings: configuredSettings(), modelId: embeddingModelIdOf(configured) }));
  const embeddings = new EmbeddingModelPool(runtime.maxEmbeddingModels);
  const loadEmbedding = async (settings: EmbeddingModelConfig): Promise<StoppableEmbeddingModel> => {
    if (settings.provider === "openai-compatible" || !options.workers) return loadEmbeddingModel(settings, config);
    const { startEmbeddingWorker } = await import("./runtime/start-model-worker.ts");
    return startEmbeddingWorker(settings, config.offline);
  };
  const recordedEmbedding = (settings: RecordedEmbeddingSettings): Promise<EmbeddingModel> => {
    const key = embeddingSettingsKey(settings);
    const full =
      key === embeddingSettingsKey(configuredSettings()) ? configured : embeddingConfigOf(settings, configured);
    return embeddings.get(key, () => loadEmbedding(full));
  };
  return {
    language: lazy(async () => {
      const settings = config.models.language;
      if (settings.provider !== "transformers") return loadLanguageModel(settings, config);
      if (!options.workers) return loadLanguageModel(settings, config, { batching, observer });
      const { startLanguageWorker } = await import("./runtime/start-model-worker.ts");
      return inWorker(() => startLanguageWorker(settings, config.offline, batching, observer));
    }),
    configuredLanguageModelId: once(() => languageModelIdOf(config.models.language)),
    embedding: () => recordedEmbedding(configuredSettings()),
    configuredEmbedding,
    recordedEmbedding,
    reranker: lazy(async () => {
      if (!options.workers) return loadReranker(config.models.reranker, config);
      const { startRerankerWorker } = await import("./runtime/start-model-worker.ts");
      return inWorker(() => startRerankerWorker(config.models.reranker, config.offline));
    }),
    close: async () => {
      await Promise.all([...started.splice(0).map((model) => model.close()), embeddings.close()]);
    },
  };
}

/**
 * Models already in hand (tests, benchmarks): each is returned as it is; a missing reranker is loaded by `reranker`.
 * A corpus whose recorded settings are not `embeddingSettings` (the given embedding model's, when known) gets its
 * model loaded on this thread, as `configuredModels` would.
 */
export function givenModels(models: {
  language: LanguageModel;
  embedding: EmbeddingModel;
  embeddingSettings?: RecordedEmbeddingSettings;
  reranker: () => Promise<Reranker>;
}): ModelSet {
  const given = models.embeddingSettings ? embeddingSettingsKey(models.embeddingSettings) : undefined;
  const loaded = new EmbeddingModelPool(defaultMaxEmbeddingModels);
  return {
    language: () => Promise.resolve(models.language),
    configuredLanguageModelId: () => models.language.modelId,
    embedding: () => Promise.resolve(models.embedding),
    configuredEmbedding: () => ({ settings: models.embeddingSettings, modelId: models.embedding.modelId }),
    recordedEmbedding: (settings) => {
      const key = embeddingSettingsKey(settings);
      if (key === given) return Promise.resolve(models.embedding);
      return loaded.get(key, () => loadEmbeddingModel(embeddingConfigOf(settings, undefined), { offline: true }));
    },
    reranker: lazy(models.reranker),
    close: () => loaded.close(),
  };
}

/** A value computed on first use and kept (settings and ids that read a few files). */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
