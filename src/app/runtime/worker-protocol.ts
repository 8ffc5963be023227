import type { EmbeddingModelConfig, LanguageModelConfig, RerankerConfig } from "../../config/config-schema.ts";
import type { BatcherLimits } from "../../models/transformers/continuous-batcher.ts";

/** Which model a worker thread hosts, and how to load it. */
export type ModelWorkerData =
  | {
      readonly kind: "language";
      readonly config: LanguageModelConfig;
      readonly offline: boolean;
      readonly batching: BatcherLimits;
    }
  | { readonly kind: "embedding"; readonly config: EmbeddingModelConfig; readonly offline: boolean }
  | { readonly kind: "reranker"; readonly config: RerankerConfig; readonly offline: boolean };

/** What a model's interface exposes besides its methods: read once when the worker is ready. */
export interface ModelDescription {
  readonly modelId: string;
  /** Language models. */
  readonly contextLength?: number;
  /** Language models with a chat template of their own (`renderChat`). */
  readonly chats?: boolean;
  /** Embedding models. */
  readonly dimensions?: number;
  readonly embedsAnswers?: boolean;
}

/** An error as it crosses the thread boundary: enough to rebuild a `RecallError` of the same code and status. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly status?: number;
  readonly clientMessage?: string;
  readonly retryAfterSeconds?: number;
}

/** Messages from the main thread to a worker. */
export type ToWorker =
  | { readonly type: "call"; readonly id: number; readonly method: string; readonly argument: unknown }
  | { readonly type: "stream"; readonly id: number; readonly method: string; readonly argument: unknown }
  | { readonly type: "cancel"; readonly id: number };

/** Messages from a worker to the main thread. */
export type FromWorker =
  | { readonly type: "ready"; readonly description: ModelDescription }
  | { readonly type: "failed-to-load"; readonly error: SerializedError }
  | { readonly type: "result"; readonly id: number; readonly value: unknown }
  | { readonly type: "event"; readonly id: number; readonly value: unknown }
  | { readonly type: "end"; readonly id: number }
  | { readonly type: "error"; readonly id: number; readonly error: SerializedError }
  | { readonly type: "batch"; readonly rows: number }
  | { readonly type: "queue-depth"; readonly requests: number };
