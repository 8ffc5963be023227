import type { EmbeddingModelConfig, LanguageModelConfig, RerankerConfig } from "../../config/config-schema.ts";
import type { BatcherLimits } from "../../models/transformers/continuous-batcher.ts";
import { ModelWorkerClient, type WorkerObserver } from "./model-worker-client.ts";
import { WorkerEmbeddingModel, WorkerLanguageModel, WorkerReranker } from "./worker-models.ts";

/** Starts a worker thread with the language model and its continuous batching. */
export async function startLanguageWorker(
  config: LanguageModelConfig,
  offline: boolean,
  batching: BatcherLimits,
  observer: WorkerObserver,
): Promise<WorkerLanguageModel> {
  return new WorkerLanguageModel(
    await ModelWorkerClient.start({ kind: "language", config, offline, batching }, observer),
  );
}

/** Starts a worker thread with the embedding model (transformers.js or LLM2Vec-Gen). */
export async function startEmbeddingWorker(
  config: EmbeddingModelConfig,
  offline: boolean,
): Promise<WorkerEmbeddingModel> {
  return new WorkerEmbeddingModel(await ModelWorkerClient.start({ kind: "embedding", config, offline }));
}

/** Starts a worker thread with the cross-encoder reranker. */
export async function startRerankerWorker(config: RerankerConfig, offline: boolean): Promise<WorkerReranker> {
  return new WorkerReranker(await ModelWorkerClient.start({ kind: "reranker", config, offline }));
}
