import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ModelLoadError } from "../../models/model-errors.ts";
import { AsyncQueue } from "../../util/async-queue.ts";
import { deserializeError } from "./serialized-error.ts";
import type { FromWorker, ModelDescription, ModelWorkerData, ToWorker } from "./worker-protocol.ts";

/**
 * Starts the worker thread. From dist/ it runs the compiled worker; from the TypeScript sources (tests, tsx) a small
 * script first registers tsx's loader in the new thread (loader hooks are per thread), then imports the worker.
 */
function startWorkerThread(data: ModelWorkerData): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./model-worker.js", import.meta.url), { workerData: data });
  const tsxPackage = createRequire(import.meta.url).resolve("tsx/package.json");
  const tsx = pathToFileURL(join(dirname(tsxPackage), "dist", "esm", "api", "index.mjs")).href;
  const script = new URL("./model-worker.ts", import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(code, { eval: true, workerData: data });
}

/** What the main thread may observe of a worker's batching. */
export interface WorkerObserver {
  batch?(rows: number): void;
  queueDepth?(requests: number): void;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly events?: AsyncQueue<unknown>;
}

/**
 * The main thread's end of a model's worker thread: calls go out as messages and come back as results, stream
 * events or errors; a call's abort signal cancels it in the worker. Run from the TypeScript sources (tests, tsx),
 * the worker loads them through tsx; run from dist/, it loads the compiled JavaScript.
 */
export class ModelWorkerClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private constructor(
    private readonly worker: Worker,
    readonly description: ModelDescription,
    private readonly modelId: string,
  ) {
    worker.on("message", (message: FromWorker) => this.receive(message));
    worker.on("error", (error) => this.failAll(error));
    worker.on("exit", () => this.failAll(new ModelLoadError(modelId, `The worker thread of ${modelId} stopped.`)));
  }

  /** Starts a worker thread and waits until its model is loaded (or failed to load). */
  static async start(data: ModelWorkerData, observer: WorkerObserver = {}): Promise<ModelWorkerClient> {
    const worker = startWorkerThread(data);
    let listeners: { message(message: FromWorker): void; error(error: Error): void; exit(code: number): void };
    const description = await new Promise<ModelDescription>((resolve, reject) => {
      listeners = {
        message: (message) => {
          if (message.type === "ready") resolve(message.description);
          if (message.type === "failed-to-load") reject(deserializeError(message.error, data.config.model));
        },
        error: reject,
        exit: (code) =>
          reject(new ModelLoadError(data.config.model, `The worker thread for ${data.config.model} exited (${code}).`)),
      };
      worker.on("message", listeners.message).on("error", listeners.error).on("exit", listeners.exit);
    })
      .catch(async (error: unknown) => {
        await worker.terminate();
        throw error;
      })
      .finally(() => {
        // Only these listeners go: the Worker keeps its own (they ref and unref its message port).
        worker.off("message", listeners.message).off("error", listeners.error).off("exit", listeners.exit);
      });
    const client = new ModelWorkerClient(worker, description, description.modelId);
    worker.on("message", (message: FromWorker) => {
      if (message.type === "batch") observer.batch?.(message.rows);
      if (message.type === "queue-depth") observer.queueDepth?.(message.requests);
    });
    return client;
  }

  /** Calls a method of the model in the worker. */
  call<T>(method: string, argument: unknown, abortSignal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.send("call", method, argument, abortSignal, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Streams a method's events from the worker. */
  stream<T>(method: string, argument: unknown, abortSignal?: AbortSignal): AsyncIterable<T> {
    const events = new AsyncQueue<unknown>();
    this.send("stream", method, argument, abortSignal, {
      resolve: () => events.close(),
      reject: (error) => events.fail(error),
      events,
    });
    return events as AsyncIterable<T>;
  }

  /** Stops the worker thread; calls still running fail. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private send(
    type: "call" | "stream",
    method: string,
    argument: unknown,
    abortSignal: AbortSignal | undefined,
    pending: Pending,
  ): void {
    const id = this.nextId++;
    const { abortSignal: _signal, ...plain } =
      typeof argument === "object" && argument !== null && !Array.isArray(argument)
        ? (argument as { abortSignal?: AbortSignal })
        : { abortSignal: undefined };
    const payload = typeof argument === "object" && argument !== null && !Array.isArray(argument) ? plain : argument;
    this.pending.set(id, pending);
    if (abortSignal?.aborted) {
      this.pending.delete(id);
      pending.reject(deserializeError({ name: "ModelCallAbortedError", message: "aborted" }, this.modelId));
      return;
    }
    abortSignal?.addEventListener("abort", () => this.post({ type: "cancel", id }), { once: true });
    this.post({ type, id, method, argument: payload });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    if (message.type === "batch" || message.type === "queue-depth" || message.type === "ready") return;
    if (message.type === "failed-to-load") return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === "event") {
      pending.events?.push(message.value);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === "result") pending.resolve(message.value);
    else if (message.type === "end") pending.resolve(undefined);
    else pending.reject(deserializeError(message.error, this.modelId));
  }

  private failAll(error: unknown): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
