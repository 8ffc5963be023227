import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Metrics } from "../../src/observability/metrics.ts";
import { PrometheusScrape } from "../support/prometheus-scrape.ts";
import { worldApp } from "../support/world-app.ts";

describe("GET /metrics", () => {
  let world: Awaited<ReturnType<typeof worldApp>>;
  let sources: string;

  beforeAll(async () => {
    world = await worldApp();
    sources = await mkdtemp(join(tmpdir(), "recall-metrics-"));
    await writeFile(join(sources, "river.txt"), "The river Ames starts in the hills north of Tarn.");
    await writeFile(join(sources, "bridge.txt"), "The old bridge over the Ames was built of grey stone.");
  }, 120_000);
  afterAll(async () => {
    await world.dispose();
    await rm(sources, { recursive: true, force: true });
  });

  const scrape = async (headers: Record<string, string> = {}) => {
    const response = await world.app.request("/metrics", { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    return new PrometheusScrape(await response.text());
  };

  it("is Prometheus text a real parser reads, with every family Recall reports", async () => {
    const metrics = await scrape();
    expect(metrics.type("recall_http_requests_total")).toBe("COUNTER");
    expect(metrics.type("recall_http_request_duration_seconds")).toBe("HISTOGRAM");
    expect(metrics.type("recall_model_calls_total")).toBe("COUNTER");
    expect(metrics.type("recall_model_tokens_total")).toBe("COUNTER");
    expect(metrics.type("recall_batch_size")).toBe("HISTOGRAM");
    expect(metrics.type("recall_queue_depth")).toBe("GAUGE");
    expect(metrics.type("recall_retrievals_total")).toBe("COUNTER");
    expect(metrics.type("recall_asks_total")).toBe("COUNTER");
    expect(metrics.type("recall_index_jobs_total")).toBe("COUNTER");
    expect(metrics.type("recall_index_jobs_running")).toBe("GAUGE");
    expect(metrics.type("recall_index_documents_total")).toBe("COUNTER");
    expect(metrics.type("recall_index_chunks_embedded_total")).toBe("COUNTER");
  });

  it("counts requests by route pattern and status, with their latency", async () => {
    const before = await scrape();
    const route = { route: "/v1/experiments/:name" };
    await world.app.request("/v1/experiments/first-missing");
    await world.app.request("/v1/experiments/second-missing");
    await world.app.request("/healthz");
    const after = await scrape();
    const counted = (scrape: PrometheusScrape, labels: Record<string, string>) =>
      scrape.value("recall_http_requests_total", labels);
    expect(counted(after, { ...route, status: "404" }) - counted(before, { ...route, status: "404" })).toBe(2);
    expect(
      counted(after, { route: "/healthz", status: "200" }) - counted(before, { route: "/healthz", status: "200" }),
    ).toBe(1);
    expect(
      after.count("recall_http_request_duration_seconds", route) -
        before.count("recall_http_request_duration_seconds", route),
    ).toBe(2);
    const routes = after.labels("recall_http_requests_total").map((labels) => labels.route);
    expect(routes.some((name) => name?.includes("missing"))).toBe(false);
  });

  it("counts an ask: its strategy and outcome, its model calls, tokens and retrievals", async () => {
    const before = await scrape();
    const response = await world.app.request("/v1/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "Where does the river start?", corpus: "world", strategy: "always-retrieve" }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      abstained: boolean;
      usage: { modelCalls: number; promptTokens: number; completionTokens: number; retrievals: number };
    };
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      after.value(name, labels) - before.value(name, labels);
    const outcome = answer.abstained ? "abstained" : "answered";
    expect(moved("recall_asks_total", { strategy: "always-retrieve", outcome })).toBe(1);
    expect(moved("recall_model_calls_total", { kind: "language" })).toBe(answer.usage.modelCalls);
    expect(answer.usage.modelCalls).toBeGreaterThan(0);
    expect(moved("recall_model_tokens_total", { kind: "language", type: "prompt" })).toBe(answer.usage.promptTokens);
    expect(moved("recall_model_tokens_total", { kind: "language", type: "completion" })).toBe(
      answer.usage.completionTokens,
    );
    expect(moved("recall_retrievals_total")).toBe(1);
    expect(moved("recall_http_requests_total", { route: "/v1/ask", status: "200" })).toBe(1);
  });

  it("counts an ask that failed apart from the answered ones", async () => {
    const before = await scrape();
    const response = await world.app.request("/v1/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "Where?", corpus: "missing", strategy: "always-retrieve" }),
    });
    expect(response.status).toBe(404);
    const after = await scrape();
    // Refused before it ran: no ask was counted, only the request.
    expect(after.value("recall_asks_total")).toBe(before.value("recall_asks_total"));
    expect(
      after.value("recall_http_requests_total", { route: "/v1/ask", status: "404" }) -
        before.value("recall_http_requests_total", { route: "/v1/ask", status: "404" }),
    ).toBe(1);
  });

  it("counts an indexing job and the documents and chunks it processed", async () => {
    await world.recall.corpora.index({ corpus: "metered", paths: [sources] });
    const metrics = await scrape();
    expect(metrics.value("recall_index_jobs_total", { corpus: "metered", status: "succeeded" })).toBe(1);
    expect(metrics.value("recall_index_jobs_running")).toBe(0);
    expect(metrics.value("recall_index_documents_total", { corpus: "metered" })).toBe(2);
    expect(metrics.value("recall_index_chunks_embedded_total", { corpus: "metered" })).toBeGreaterThanOrEqual(2);

    await world.recall.corpora.index({ corpus: "metered", paths: [sources] });
    const again = await scrape();
    expect(again.value("recall_index_jobs_total", { corpus: "metered", status: "succeeded" })).toBe(2);
    expect(again.value("recall_index_documents_skipped_total", { corpus: "metered" })).toBe(2);

    await expect(world.recall.corpora.index({ corpus: "metered", paths: [join(sources, "gone")] })).rejects.toThrow();
    // A run refused before it started (its sources are missing) is no job.
    expect((await scrape()).value("recall_index_jobs_total", { corpus: "metered" })).toBe(2);
  });

  it("needs an admin key once keys are in use", async () => {
    const asker = await world.recall.keys.create({ name: "asker", corpora: "all", scopes: ["ask"] });
    const admin = await world.recall.keys.create({ name: "scraper", corpora: "all", scopes: ["admin"] });
    expect((await world.app.request("/metrics")).status).toBe(401);
    const forbidden = await world.app.request("/metrics", { headers: { authorization: `Bearer ${asker.key}` } });
    expect(forbidden.status).toBe(403);
    const metrics = await scrape({ authorization: `Bearer ${admin.key}` });
    expect(metrics.value("recall_http_requests_total", { route: "/metrics", status: "403" })).toBe(1);
    expect((await world.app.request("/healthz")).status).toBe(200);
  });
});

describe("Metrics", () => {
  it("keeps each app's counts in a registry of its own", async () => {
    const first = new Metrics();
    const second = new Metrics();
    first.observeRequest({ method: "GET", route: "/healthz", status: 200, seconds: 0.001 });
    expect(new PrometheusScrape(await first.render()).value("recall_http_requests_total")).toBe(1);
    expect(new PrometheusScrape(await second.render()).value("recall_http_requests_total")).toBe(0);
  });

  it("takes the model runtime's batch sizes and queue depth", async () => {
    const metrics = new Metrics();
    metrics.observeBatch(4);
    metrics.observeBatch(9);
    metrics.setQueueDepth(3);
    metrics.setQueueDepth(5, "embedding");
    const scrape = new PrometheusScrape(await metrics.render());
    expect(scrape.count("recall_batch_size", { kind: "language" })).toBe(2);
    expect(scrape.value("recall_queue_depth", { kind: "language" })).toBe(3);
    expect(scrape.value("recall_queue_depth", { kind: "embedding" })).toBe(5);
  });

  it("adds the process's own metrics when asked", async () => {
    const metrics = new Metrics();
    expect(new PrometheusScrape(await metrics.render()).type("process_cpu_user_seconds_total")).toBeUndefined();
    metrics.collectProcessMetrics();
    metrics.collectProcessMetrics();
    const scrape = new PrometheusScrape(await metrics.render());
    expect(scrape.type("process_cpu_user_seconds_total")).toBe("COUNTER");
    expect(scrape.type("nodejs_eventloop_lag_seconds")).toBe("GAUGE");
  });
});
