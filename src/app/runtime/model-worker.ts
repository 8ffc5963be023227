/**
 * The entry of a model's worker thread: loads one in-process model (language, embedding or reranker) and answers the
 * main thread's calls, so that tokenising, ONNX Runtime's forward passes and sampling never block the event loop
 * that serves HTTP. A language model's continuous batching runs here too.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { EmbeddingModel } from "../../models/embedding-model.ts";
import type { LanguageModel } from "../../models/language-model.ts";
import type { Reranker } from "../../models/reranker.ts";
import { loadEmbeddingModel, loadReranker } from "../load-models.ts";
import { serializeError } from "./serialized-error.ts";
import type { FromWorker, ModelDescription, ModelWorkerData, ToWorker } from "./worker-protocol.ts";

if (parentPort === null) throw new Error("model-worker.ts runs only as a worker thread.");
const port: MessagePort = parentPort;
const data = workerData as ModelWorkerData;
const send = (message: FromWorker): void => port.postMessage(message);

type Model = LanguageModel | EmbeddingModel | Reranker;

async function load(): Promise<Model> {
  if (data.kind === "language") {
    const { TransformersLanguageModel } = await import("../../models/transformers/transformers-language-model.ts");
    return TransformersLanguageModel.load(
      data.config.model,
      { offline: data.offline, dtype: data.config.dtype },
      {
        batching: data.batching,
        observer: {
          batch: (rows) => send({ type: "batch", rows }),
          queueDepth: (requests) => send({ type: "queue-depth", requests }),
        },
      },
    );
  }
  if (data.kind === "embedding") return loadEmbeddingModel(data.config, { offline: data.offline });
  return loadReranker(data.config, { offline: data.offline });
}

function describe(model: Model): ModelDescription {
  const fields = model as Partial<{ contextLength: number; dimensions: number; embedsAnswers: boolean }>;
  return {
    modelId: model.modelId,
    ...("renderChat" in model && typeof model.renderChat === "function" ? { chats: true } : {}),
    ...(fields.contextLength === undefined ? {} : { contextLength: fields.contextLength }),
    ...(fields.dimensions === undefined ? {} : { dimensions: fields.dimensions }),
    ...(fields.embedsAnswers === undefined ? {} : { embedsAnswers: fields.embedsAnswers }),
  };
}

const methods = new Set(["generate", "score", "countTokens", "embed", "stream", "renderChat"]);
const running = new Map<number, AbortController>();

/** The call's argument with this thread's abort signal (an object argument), or as it came (a text to count). */
function withSignal(argument: unknown, signal: AbortSignal): unknown {
  return typeof argument === "object" && argument !== null && !Array.isArray(argument)
    ? { ...argument, abortSignal: signal }
    : argument;
}

async function serve(model: Model): Promise<void> {
  const target = model as unknown as Record<string, (argument: unknown) => unknown>;
  port.on("message", (message: ToWorker) => {
    if (message.type === "cancel") {
      running.get(message.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(message.id, controller);
    const method = target[message.method];
    const settle = () => running.delete(message.id);
    if (!methods.has(message.method) || typeof method !== "function") {
      settle();
      send({ type: "error", id: message.id, error: { name: "Error", message: `no method ${message.method}` } });
      return;
    }
    const argument = withSignal(message.argument, controller.signal);
    if (message.type === "stream") {
      void (async () => {
        try {
          for await (const event of method.call(model, argument) as AsyncIterable<unknown>)
            send({ type: "event", id: message.id, value: event });
          send({ type: "end", id: message.id });
        } catch (error) {
          send({ type: "error", id: message.id, error: serializeError(error) });
        } finally {
          settle();
        }
      })();
      return;
    }
    Promise.resolve()
      .then(() => method.call(model, argument))
      .then(
        (value) => send({ type: "result", id: message.id, value }),
        (error: unknown) => send({ type: "error", id: message.id, error: serializeError(error) }),
      )
      .finally(settle);
  });
}

load().then(
  async (model) => {
    await serve(model);
    send({ type: "ready", description: describe(model) });
  },
  (error: unknown) => send({ type: "failed-to-load", error: serializeError(error) }),
);
