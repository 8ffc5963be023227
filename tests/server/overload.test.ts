import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledModels } from "../../src/config/bundled-models.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";
import { loadTinyEmbeddingModel } from "../support/bundled.ts";
import { httpApp } from "../support/http-app.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

describe("a full model queue over HTTP", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let app: ReturnType<typeof httpApp>["app"];
  let modelId: string;
  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    const languageModel = await TransformersLanguageModel.load(
      bundledModels.language,
      {},
      {
        batching: { maxBatchRows: 1, maxQueuedRequests: 1 },
      },
    );
    modelId = languageModel.modelId;
    app = httpApp({
      db: workspace.db,
      store: workspace.store,
      languageModel,
      embeddingModel: await loadTinyEmbeddingModel(),
    }).app;
  });
  afterAll(async () => {
    await workspace.dispose();
  });

  it("answers 429 overloaded with Retry-After at once, and serves the requests it holds", async () => {
    const complete = () =>
      app.request("/v1/completions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: modelId, prompt: "Once upon a time", max_tokens: 64, temperature: 1, seed: 1 }),
      });
    // One row decodes and one request waits at a time: of 16 sent together, most find the queue full.
    const responses = await Promise.all(Array.from({ length: 16 }, complete));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);
    const refused = responses.filter((response) => response.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    for (const response of refused) {
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("overloaded");
    }
  });
});
