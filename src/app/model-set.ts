import type { RecallConfig } from "../config/config-schema.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { LanguageModel } from "../models/language-model.ts";
import type { Reranker } from "../models/reranker.ts";
import { lazy } from "../util/lazy.ts";
import { loadEmbeddingModel, loadLanguageModel, loadReranker } from "./load-models.ts";
import type { WorkerObserver } from "./runtime/model-worker-client.ts";

/** The models a Recall uses, each loaded on first use and shared after that. */
export interface ModelSet {
  language(): Promise<LanguageModel>;
  embedding(): Promise<EmbeddingModel>;
  reranker(): Promise<Reranker>;
  /** Stops what the models run on (their worker threads); models given in hand are left alone. */
  close?(): Promise<void>;
}

/**
 * The configured models, loaded lazily: a command that only searches full text never loads one. With `workers`, the
 * in-process models run in worker threads, off the event loop that serves requests (a remote model is only HTTP and
 * stays on it); without, in this thread, as suits a one-shot command.
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
  return {
    language: lazy(async () => {
      const settings = config.models.language;
      if (settings.provider !== "transformers") return loadLanguageModel(settings, config);
      if (!options.workers) return loadLanguageModel(settings, config, { batching, observer });
      const { startLanguageWorker } = await import("./runtime/start-model-worker.ts");
      return inWorker(() => startLanguageWorker(settings, config.offline, batching, observer));
    }),
    embedding: lazy(async () => {
      const settings = config.models.embedding;
      if (settings.provider === "openai-compatible" || !options.workers) return loadEmbeddingModel(settings, config);
      const { startEmbeddingWorker } = await import("./runtime/start-model-worker.ts");
      return inWorker(() => startEmbeddingWorker(settings, config.offline));
    }),
    reranker: lazy(async () => {
      if (!options.workers) return loadReranker(config.models.reranker, config);
      const { startRerankerWorker } = await import("./runtime/start-model-worker.ts");
      return inWorker(() => startRerankerWorker(config.models.reranker, config.offline));
    }),
    close: async () => {
      await Promise.all(started.splice(0).map((model) => model.close()));
    },
  };
}

/** Models already in hand (tests, benchmarks): each is returned as it is; a missing reranker is loaded by `reranker`. */
export function givenModels(models: {
  language: LanguageModel;
  embedding: EmbeddingModel;
  reranker: () => Promise<Reranker>;
}): ModelSet {
  return {
    language: () => Promise.resolve(models.language),
    embedding: () => Promise.resolve(models.embedding),
    reranker: lazy(models.reranker),
  };
}
