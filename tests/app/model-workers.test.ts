import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddingWorker, startLanguageWorker } from "../../src/app/runtime/start-model-worker.ts";
import type { WorkerLanguageModel } from "../../src/app/runtime/worker-models.ts";
import { bundledModels } from "../../src/config/bundled-models.ts";
import { ModelCallAbortedError, ModelInputError, ModelLoadError } from "../../src/models/model-errors.ts";
import { ModelOverloadedError } from "../../src/models/model-overloaded-error.ts";
import { describeEmbeddingModelContract } from "../models/embedding-model-contract.ts";
import { describeLanguageModelContract } from "../models/language-model-contract.ts";
import { loadTinyLanguageModel } from "../support/bundled.ts";

const languageConfig = {
  provider: "transformers" as const,
  model: bundledModels.language,
  dtype: "fp32" as const,
  promptFormat: "auto" as const,
  contextLength: 4096,
  timeoutMs: 60_000,
  maxRetries: 0,
};
const embeddingConfig = {
  provider: "transformers" as const,
  model: bundledModels.embedding,
  dtype: "fp32" as const,
  queryPrefix: "",
  passagePrefix: "",
  pooling: "mean" as const,
  batchSize: 64,
  timeoutMs: 60_000,
  maxRetries: 0,
};
const batching = { maxBatchRows: 64, maxQueuedRequests: 64 };

const started: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(started.map((model) => model.close()));
});
async function track<T extends { close(): Promise<void> }>(model: Promise<T>): Promise<T> {
  started.push(await model);
  return model;
}

describeLanguageModelContract(
  "tiny-lm in a worker thread",
  () => track(startLanguageWorker(languageConfig, true, batching, {})),
  512,
);
describeEmbeddingModelContract("tiny-encoder in a worker thread", () =>
  track(startEmbeddingWorker(embeddingConfig, true)),
);

describe("models in worker threads", () => {
  let worker: WorkerLanguageModel;
  const batches: number[] = [];

  it("answer as the same model on the main thread does", async () => {
    worker = await track(startLanguageWorker(languageConfig, true, batching, { batch: (rows) => batches.push(rows) }));
    const inProcess = await loadTinyLanguageModel();
    const request = { prompt: "Question: Where was Treisnos Bemtond born?\nStep:", samples: 3, maxTokens: 16, seed: 4 };
    const [here, there] = await Promise.all([inProcess.generate(request), worker.generate(request)]);
    expect(there.generations.map((generation) => generation.text)).toEqual(
      here.generations.map((generation) => generation.text),
    );
    expect(worker.modelId).toBe(inProcess.modelId);
    expect(worker.contextLength).toBe(inProcess.contextLength);
  });

  it("batch concurrent requests in the worker, and report the batch sizes", async () => {
    batches.length = 0;
    const prompt = "Question: Where was Treisnos Bemtond born?\nStep:";
    await Promise.all(
      [1, 2, 3].map((seed) => worker.generate({ prompt, samples: 2, maxTokens: 24, temperature: 1, seed })),
    );
    // Two rows a request: a batch of more than two holds rows of different requests.
    expect(Math.max(...batches)).toBeGreaterThan(2);
  });

  it("bring the model's errors back as the same classes", async () => {
    await expect(worker.generate({ prompt: "x", maxTokens: 0 })).rejects.toBeInstanceOf(ModelInputError);
    const controller = new AbortController();
    // Seed 1 makes a sample run to its 400th token, so the cancel reaches the worker long before the call could end
    // on its own, however busy the machine.
    const long = { prompt: "Once", maxTokens: 400, temperature: 1, samples: 4, seed: 1 };
    const uncancelled = await worker.generate(long);
    expect(uncancelled.generations.map((generation) => generation.finishReason)).toContain("length");
    const pending = worker.generate({ ...long, abortSignal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(ModelCallAbortedError);
    const small = await track(startLanguageWorker(languageConfig, true, { maxBatchRows: 1, maxQueuedRequests: 1 }, {}));
    const request = { prompt: "Once", maxTokens: 64, temperature: 0 };
    const results = await Promise.allSettled([
      small.generate(request),
      small.generate(request),
      small.generate(request),
    ]);
    const refused = results.filter((result) => result.status === "rejected");
    expect(refused).toHaveLength(1);
    const reason = (refused[0] as PromiseRejectedResult).reason as ModelOverloadedError;
    expect(reason).toBeInstanceOf(ModelOverloadedError);
    expect(reason.status).toBe(429);
  });

  it("fail to start with a clear error for a model that is not there", async () => {
    const missing = startEmbeddingWorker({ ...embeddingConfig, model: "/no/such/model-folder" }, true);
    await expect(missing).rejects.toBeInstanceOf(ModelLoadError);
  });
});
