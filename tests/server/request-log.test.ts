import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJsonLogger } from "../../src/logging/json-logger.ts";
import { FailingLanguageModel } from "../support/failing-language-model.ts";
import { httpApp } from "../support/http-app.ts";
import { RecordingDestination } from "../support/recording-destination.ts";
import { worldApp } from "../support/world-app.ts";

describe("the request log", () => {
  const destination = new RecordingDestination();
  let world: Awaited<ReturnType<typeof worldApp>>;

  beforeAll(async () => {
    world = await worldApp({ logger: createJsonLogger({ destination }) });
  }, 120_000);
  afterAll(async () => {
    await world.dispose();
  });

  /** The request log's line for a response, found by the request id the response carries. */
  const lineOf = (response: Response) => {
    const requestId = response.headers.get("x-request-id");
    const lines = destination.requests().filter((record) => record.requestId === requestId);
    expect(lines).toHaveLength(1);
    return lines[0] ?? {};
  };

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    world.app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("writes one JSON line per request: id, method, route, status, latency and key id", async () => {
    const before = destination.lines.length;
    const response = await world.app.request("/healthz");
    expect(destination.lines.length).toBe(before + 1);
    expect(lineOf(response)).toEqual({
      level: "info",
      time: expect.any(String),
      pid: process.pid,
      hostname: expect.any(String),
      msg: "request",
      requestId: response.headers.get("x-request-id"),
      method: "GET",
      route: "/healthz",
      status: 200,
      latencyMs: expect.any(Number),
      keyId: null,
    });
  });

  it("names the route by its pattern, never by the path the client sent", async () => {
    const response = await world.app.request("/v1/experiments/no-such-experiment");
    expect(response.status).toBe(404);
    expect(lineOf(response)).toMatchObject({ route: "/v1/experiments/:name", status: 404 });
    const nowhere = await world.app.request("/v1/nowhere/12345");
    expect(lineOf(nowhere)).toMatchObject({ route: "unmatched", status: 404 });
    expect(destination.text()).not.toContain("no-such-experiment");
    expect(destination.text()).not.toContain("12345");
  });

  it("names the corpus and the strategy of an ask", async () => {
    const response = await post("/v1/ask", {
      question: "Where does the river start?",
      corpus: "world",
      strategy: "always-retrieve",
    });
    expect(response.status).toBe(200);
    expect(lineOf(response)).toMatchObject({
      method: "POST",
      route: "/v1/ask",
      status: 200,
      corpus: "world",
      strategy: "always-retrieve",
    });
  });

  it("names the corpus of a search, even one that fails", async () => {
    const response = await post("/v1/search", { query: "river", corpus: "missing", mode: "full-text" });
    expect(response.status).toBe(404);
    expect(lineOf(response)).toMatchObject({ route: "/v1/search", status: 404, corpus: "missing" });
  });

  it("keeps the client's x-request-id, returns it and logs under it", async () => {
    const response = await world.app.request("/healthz", { headers: { "x-request-id": "client-chosen-7" } });
    expect(response.headers.get("x-request-id")).toBe("client-chosen-7");
    expect(lineOf(response).requestId).toBe("client-chosen-7");
  });

  it("logs a server failure through the same logger, under the request's id", async () => {
    const failing = httpApp({
      db: world.workspace.db,
      store: world.workspace.store,
      languageModel: new FailingLanguageModel(() => new Error("the model server fell over")),
      embeddingModel: world.embeddingModel,
      logger: createJsonLogger({ destination }),
    });
    const response = await failing.app.request("/v1/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "Where does the river start?", strategy: "closed-book" }),
    });
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id");
    const failure = destination.records().find((record) => record.msg === "request failed");
    expect(failure).toMatchObject({ level: "error", requestId, code: "internal_error" });
    expect(String(failure?.error)).toContain("the model server fell over");
    expect(lineOf(response)).toMatchObject({ level: "error", status: 500, strategy: "closed-book" });
  });

  it("never writes a bearer key: not a good one, not a wrong one, not one sent as a request id", async () => {
    const created = await world.recall.keys.create({ name: "logged", corpora: "all", scopes: ["ask", "search"] });
    const good = await world.app.request("/v1/corpora", { headers: { authorization: `Bearer ${created.key}` } });
    expect(good.status).toBe(200);
    expect(lineOf(good)).toMatchObject({ route: "/v1/corpora", status: 200, keyId: created.id });

    const wrongKey = `rk_${"x".repeat(43)}`;
    const wrong = await world.app.request("/v1/corpora", { headers: { authorization: `Bearer ${wrongKey}` } });
    expect(wrong.status).toBe(401);
    expect(lineOf(wrong)).toMatchObject({ status: 401, keyId: null });

    const asId = await world.app.request("/healthz", { headers: { "x-request-id": created.key } });
    expect(asId.status).toBe(200);

    const log = destination.text();
    expect(log).not.toContain(created.key);
    expect(log).not.toContain(wrongKey);
    expect(log.toLowerCase()).not.toContain("bearer");
  });
});
