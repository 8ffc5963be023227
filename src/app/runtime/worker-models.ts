import type { EmbeddingModel, EmbedOptions, EmbedResult } from "../../models/embedding-model.ts";
import type {
  ChatMessage,
  GenerateOptions,
  GenerateResult,
  GenerationStreamEvent,
  LanguageModel,
  ScoreOptions,
  ScoreResult,
} from "../../models/language-model.ts";
import type { Reranker, RerankOptions } from "../../models/reranker.ts";
import type { ModelWorkerClient } from "./model-worker-client.ts";

/** A language model that runs in a worker thread: the same interface, off the event loop. */
export class WorkerLanguageModel implements LanguageModel {
  readonly modelId: string;
  readonly contextLength: number;
  readonly renderChat?: (messages: readonly ChatMessage[]) => Promise<string>;

  constructor(private readonly client: ModelWorkerClient) {
    this.modelId = client.description.modelId;
    this.contextLength = client.description.contextLength ?? 2048;
    if (client.description.chats) this.renderChat = (messages) => this.client.call("renderChat", messages);
  }

  countTokens(text: string): Promise<number> {
    return this.client.call("countTokens", text);
  }

  generate(options: GenerateOptions): Promise<GenerateResult> {
    return this.client.call("generate", options, options.abortSignal);
  }

  stream(options: GenerateOptions): AsyncIterable<GenerationStreamEvent> {
    return this.client.stream("stream", options, options.abortSignal);
  }

  score(options: ScoreOptions): Promise<ScoreResult> {
    return this.client.call("score", options, options.abortSignal);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** An embedding model that runs in a worker thread. */
export class WorkerEmbeddingModel implements EmbeddingModel {
  readonly modelId: string;
  readonly dimensions: number;
  readonly embedsAnswers: boolean;

  constructor(private readonly client: ModelWorkerClient) {
    this.modelId = client.description.modelId;
    this.dimensions = client.description.dimensions ?? 0;
    this.embedsAnswers = client.description.embedsAnswers ?? false;
  }

  embed(options: EmbedOptions): Promise<EmbedResult> {
    return this.client.call("embed", options, options.abortSignal);
  }

  countTokens(texts: readonly string[]): Promise<number[]> {
    return this.client.call("countTokens", texts);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** A reranker that runs in a worker thread. */
export class WorkerReranker implements Reranker {
  readonly modelId: string;

  constructor(private readonly client: ModelWorkerClient) {
    this.modelId = client.description.modelId;
  }

  score(options: RerankOptions): Promise<number[]> {
    return this.client.call("score", options, options.abortSignal);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
