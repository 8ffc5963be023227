import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { givenModels } from "../../src/app/model-set.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import { serverSchema } from "../../src/config/config-schema.ts";
import { asks } from "../../src/db/schema.ts";
import { createJsonLogger } from "../../src/logging/json-logger.ts";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import type { LanguageModel } from "../../src/models/language-model.ts";
import { createApp } from "../../src/server/create-app.ts";
import { InFlightRequests } from "../../src/server/in-flight-requests.ts";
import { serveRecall } from "../../src/server/serve-recall.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel, loadTinyReranker } from "../support/bundled.ts";
import { HeldLanguageModel } from "../support/held-language-model.ts";
import { RecordingDestination } from "../support/recording-destination.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

const graceMs = 3000;
const abortWaitMs = 30_000;

describe("graceful shutdown", () => {
  let languageModel: LanguageModel;
  let embeddingModel: EmbeddingModel;
  const workspaces: Awaited<ReturnType<typeof temporaryWorkspace>>[] = [];

  beforeAll(async () => {
    [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
  }, 120_000);
  afterAll(async () => {
    for (const workspace of workspaces) await workspace.dispose();
  });

  /** A Recall over a fresh workspace whose `close` records what the stores held when they were closed. */
  const recallOver = async (model: LanguageModel) => {
    const workspace = await temporaryWorkspace();
    workspaces.push(workspace);
    const closed: { calls: number; asks: { question: string; status: string }[] } = { calls: 0, asks: [] };
    const recall = new RecallApp({
      db: workspace.db,
      store: workspace.store,
      models: givenModels({ language: model, embedding: embeddingModel, reranker: loadTinyReranker }),
      settings: serverSchema.parse({ auth: {}, cors: {}, limits: {}, rateLimit: {}, shutdownGraceMs: graceMs }),
      close: async () => {
        closed.calls++;
        closed.asks = await workspace.db.orm.select({ question: asks.question, status: asks.status }).from(asks);
      },
    });
    return { recall, closed };
  };

  const ask = (url: string, body: Record<string, unknown>) =>
    fetch(`${url}/v1/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ strategy: "closed-book", ...body }),
    });

  it("refuses a request that comes while draining (503 shutting_down, Connection: close); /healthz says draining", async () => {
    const { recall } = await recallOver(languageModel);
    const inFlight = new InFlightRequests();
    const app = createApp({
      app: recall,
      logger: createJsonLogger({ destination: new RecordingDestination() }),
      inFlight,
    });
    expect((await app.request("/healthz")).status).toBe(200);
    inFlight.drain();
    const refused = await app.request("/v1/corpora");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("connection")).toBe("close");
    expect(await refused.json()).toMatchObject({ error: { code: "shutting_down", type: "service_unavailable_error" } });
    const health = await app.request("/healthz");
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "draining" });
  });

  it("stops accepting, lets a stream finish within the grace, aborts an ask past it, then closes the stores", async () => {
    const model = new HeldLanguageModel(languageModel);
    model.hold("quokka");
    model.hold("axolotl");
    const { recall, closed } = await recallOver(model);
    const destination = new RecordingDestination();
    const served = await serveRecall(recall, {
      host: "127.0.0.1",
      port: 0,
      logger: createJsonLogger({ destination }),
      // On a busy machine the aborted ask can take longer than the default 2 s to answer its 503.
      abortWaitMs,
    });
    const streamed = ask(served.url, { question: "Where does the quokka live?", stream: true });
    const stuck = ask(served.url, { question: "Where does the axolotl live?" });
    await Promise.all([model.arrived("quokka"), model.arrived("axolotl")]);

    const started = performance.now();
    const shutdown = served.shutdown();
    await expect(fetch(`${served.url}/healthz`)).rejects.toThrow();
    expect(closed.calls).toBe(0);

    model.release("quokka");
    const streamedResponse = await streamed;
    expect(streamedResponse.status).toBe(200);
    const events = [...(await streamedResponse.text()).matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(events.at(-1)).toBe("answer");
    expect(performance.now() - started).toBeLessThan(graceMs);

    const stuckResponse = await stuck;
    expect(stuckResponse.status).toBe(503);
    const { error } = (await stuckResponse.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("shutting_down");
    expect(error.message).toContain(`${graceMs} ms`);
    expect(model.aborted).toEqual(["axolotl"]);

    expect(await shutdown).toEqual({ finished: 1, aborted: 1 });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(graceMs - 50);
    // Over once the aborted ask has answered, long before the wait for it would run out.
    expect(took).toBeLessThan(graceMs + abortWaitMs / 2);
    // The stores were closed once, after both asks were stored: the one that finished and the one aborted.
    expect(closed.calls).toBe(1);
    expect(closed.asks.map((stored) => [stored.question, stored.status]).sort()).toEqual([
      ["Where does the axolotl live?", "failed"],
      ["Where does the quokka live?", "answered"],
    ]);
    expect(await served.shutdown()).toEqual({ finished: 1, aborted: 1 });
    expect(closed.calls).toBe(1);

    const requests = destination.requests().map((line) => [line.route, line.status, line.strategy]);
    expect(requests).toContainEqual(["/v1/ask", 200, "closed-book"]);
    expect(requests).toContainEqual(["/v1/ask", 503, "closed-book"]);
    const messages = destination.records().map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        "shutting down",
        "aborting requests still in flight after the grace period",
        "shut down",
      ]),
    );
    expect(messages).not.toContain("request failed");
  });

  it("counts a stream as in flight until its last event, long after its handler returned", async () => {
    const model = new HeldLanguageModel(languageModel);
    model.hold("pangolin");
    const { recall, closed } = await recallOver(model);
    const served = await serveRecall(recall, {
      host: "127.0.0.1",
      port: 0,
      logger: createJsonLogger({ destination: new RecordingDestination() }),
    });
    const streamed = ask(served.url, { question: "Where does the pangolin live?", stream: true });
    await model.arrived("pangolin");
    const response = await streamed;
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const shutdown = served.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(closed.calls).toBe(0);
    model.release("pangolin");
    const events = [...(await response.text()).matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(events.at(-1)).toBe("answer");
    expect(await shutdown).toEqual({ finished: 1, aborted: 0 });
    expect(closed.asks.map((stored) => stored.status)).toEqual(["answered"]);
  });

  it("closes at once when no request is in flight", async () => {
    const { recall, closed } = await recallOver(languageModel);
    const served = await serveRecall(recall, {
      host: "127.0.0.1",
      port: 0,
      logger: createJsonLogger({ destination: new RecordingDestination() }),
    });
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    const started = performance.now();
    expect(await served.shutdown()).toEqual({ finished: 0, aborted: 0 });
    expect(performance.now() - started).toBeLessThan(graceMs / 2);
    expect(closed.calls).toBe(1);
  });
});
