import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelSet } from "../../src/app/model-set.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import { noopLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/create-app.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

/**
 * A model set that knows its language model's id but loads nothing: every load is recorded and refused, so that a
 * route that loads a model before refusing a request fails here.
 */
function unloadableModels(loads: string[]): ModelSet {
  const refuse = (what: string) => () => {
    loads.push(what);
    return Promise.reject(new Error(`${what} was loaded`));
  };
  return {
    language: refuse("language"),
    configuredLanguageModelId: () => "configured-lm",
    embedding: refuse("embedding"),
    configuredEmbedding: () => ({ modelId: "configured-embedder", settings: undefined }),
    recordedEmbedding: refuse("recorded embedding"),
    reranker: refuse("reranker"),
  };
}

describe("POST /v1/chat/completions of the language model itself, refused before any model loads", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let app: Hono<ServerEnv>;
  let recall: RecallApp;
  const loads: string[] = [];

  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    recall = new RecallApp({ db: workspace.db, store: workspace.store, models: unloadableModels(loads) });
    app = createApp({ app: recall, logger: noopLogger });
  });

  afterAll(async () => {
    await workspace.dispose();
  });

  const post = (body: unknown, key?: string) =>
    app.request("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
  const user = [{ role: "user", content: "Count to three." }];

  it("answers 404 model_not_found for an unknown id, a typo of the model's or another vendor's", async () => {
    for (const model of ["gpt-4o", "configured-l"]) {
      const response = await post({ model, messages: user });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("model_not_found");
    }
    expect(loads).toEqual([]);
  });

  it("refuses stream: true in raw mode with 400", async () => {
    const response = await post({ model: "configured-lm", messages: user, stream: true });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("stream");
    expect(loads).toEqual([]);
  });

  it("refuses continue_final_message without a final assistant message with 400", async () => {
    const response = await post({ model: "configured-lm", messages: user, continue_final_message: true });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("continue_final_message");
    expect(loads).toEqual([]);
  });

  it("refuses more than four stop strings with 400", async () => {
    const response = await post({ model: "configured-lm", messages: user, stop: ["a", "b", "c", "d", "e"] });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("stop");
    expect(loads).toEqual([]);
  });

  it("refuses a key without the ask scope with 403 before it reads the model id", async () => {
    const searcher = await recall.keys.create({ name: "searcher", corpora: "all", scopes: ["search"] });
    for (const model of ["configured-lm", "gpt-4o", "closed-book"]) {
      const response = await post({ model, messages: user }, searcher.key);
      expect(response.status).toBe(403);
    }
    expect(loads).toEqual([]);
  });
});
