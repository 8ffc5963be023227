import { eq } from "drizzle-orm";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { findAsk } from "../../src/db/ask-records.ts";
import { asks } from "../../src/db/schema.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { startServer } from "../../src/server/start-server.ts";
import type { QaRecord } from "../../src/world/qa-record.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { worldApp } from "../support/world-app.ts";

describe("POST /v1/ask", () => {
  let world: Awaited<ReturnType<typeof worldApp>>;
  let app: Hono<ServerEnv>;
  let workspace: Awaited<ReturnType<typeof worldApp>>["workspace"];
  let question: QaRecord;
  beforeAll(async () => {
    world = await worldApp();
    ({ app, workspace } = world);
    const heldOut = (await readQaSet(worldFolder, "unknown")).find((record) => record.split === "test");
    if (!heldOut) throw new Error("no held-out question");
    question = heldOut;
  }, 120_000);
  afterAll(async () => {
    await world.dispose();
  });

  const post = (body: unknown) =>
    app.request("/v1/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("answers as JSON with citations, confidence, usage and latency, and stores the ask", async () => {
    const response = await post({ question: question.question, corpus: "world", strategy: "always-retrieve" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & { id: string; usage: Record<string, number> };
    expect(body).toMatchObject({
      question: question.question,
      corpus: "world",
      strategy: "always-retrieve",
      answer: expect.any(String),
      abstained: expect.any(Boolean),
      confidence: expect.any(Number),
      calibrated: true,
      citations: expect.any(Array),
      latencyMs: expect.any(Number),
    });
    expect(body.usage).toMatchObject({
      retrievals: 1,
      modelCalls: expect.any(Number),
      promptTokens: expect.any(Number),
    });
    expect(body.trace).toBeUndefined();
    expect(await findAsk(workspace.db, body.id)).toMatchObject({ answer: body.answer, calibrated: true });
  });

  it("includes the trace when asked", async () => {
    const response = await post({ question: question.question, corpus: "world", trace: true });
    const body = (await response.json()) as { strategy: string; trace: { type: string }[] };
    expect(body.strategy).toBe("recall-then-retrieve");
    expect(body.trace[0]?.type).toBe("recall-start");
    expect(body.trace.at(-1)?.type).toBe("answer-end");
  });

  it("streams the trace as server-sent events, ending with the answer", async () => {
    const response = await post({ question: question.question, corpus: "world", stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    const events = [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(events.slice(0, 2)).toEqual(["ask-start", "recall-start"]);
    expect(events).toContain("step-sample");
    expect(events).toContain("step-reward");
    expect(events.slice(-3)).toEqual(["answer-delta", "answer-end", "answer"]);
    const last = text.trim().split("\n").at(-1) ?? "";
    const answer = JSON.parse(last.replace(/^data: /, "")) as { answer: string; confidence: number };
    expect(typeof answer.answer).toBe("string");
  });

  it("stops generating when a streaming client disconnects, and records the ask as aborted", async () => {
    const server = await startServer(app, { host: "127.0.0.1", port: 0 });
    try {
      const controller = new AbortController();
      const response = await fetch(`${server.url}/v1/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          question: "A question asked by a client that leaves: who is it about?",
          corpus: "world",
          stream: true,
          params: { samples: 16, maxSteps: 8, maxRetrievals: 8 },
        }),
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      await reader?.read();
      controller.abort();
      const stored = await waitFor(async () => {
        const rows = await workspace.db.orm
          .select()
          .from(asks)
          .where(eq(asks.question, "A question asked by a client that leaves: who is it about?"));
        return rows[0];
      });
      expect(stored).toMatchObject({ status: "failed", error: "aborted" });
    } finally {
      await server.close();
    }
  });

  it("lists the strategies with their parameters and defaults", async () => {
    const body = (await (await app.request("/v1/strategies")).json()) as {
      strategies: { name: string; parameters: { properties: Record<string, { default?: unknown }> } }[];
    };
    expect(body.strategies.map((strategy) => strategy.name)).toEqual([
      "closed-book",
      "always-retrieve",
      "hyde",
      "flare",
      "ircot",
      "recall-then-retrieve",
    ]);
    const loop = body.strategies.find((strategy) => strategy.name === "recall-then-retrieve");
    expect(loop?.parameters.properties.samples?.default).toBe(4);
  });

  it.each([
    [{ corpus: "world" }, 400, "invalid_request", '"question"'],
    [{ question: "x", strategy: "magic" }, 404, "unknown_strategy", "closed-book"],
    [{ question: "x", strategy: "flare", params: { maxSteps: 99 } }, 400, "invalid_strategy_parameters", '"maxSteps"'],
    [{ question: "x", corpus: "nope" }, 404, "corpus_not_found", '"nope"'],
    [{ question: "where\u0000 was it" }, 400, "invalid_request", "NUL"],
    [
      { question: "x", strategy: "flare", params: { maxSteps: 99 }, stream: true },
      400,
      "invalid_strategy_parameters",
      '"maxSteps"',
    ],
  ])("answers %j with %i and a stable code", async (body, status, code, mention) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    const error = ((await response.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe(code);
    expect(error.message).toContain(mention);
  });
});

/**
 * Polls until `read` returns something (the server finishes an aborted ask on its own time); the deadline is generous,
 * for a slow machine, and costs nothing when the value comes early.
 */
async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}
