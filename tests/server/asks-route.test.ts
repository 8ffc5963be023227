import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedKey } from "../../src/app/api-keys.ts";
import type { AskSummary, StoredAsk } from "../../src/app/ask-views.ts";
import type { RecallApp } from "../../src/app/recall-app.ts";
import { type NewAskRecord, recordAsk } from "../../src/db/ask-records.ts";
import type { TraceEvent } from "../../src/reasoning/trace-events.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import { httpApp } from "../support/http-app.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

interface AskPageBody {
  asks: AskSummary[];
  next: string | null;
}
interface ErrorBody {
  error: { code: string; message: string };
}

describe("stored asks over HTTP (GET /v1/asks, GET /v1/asks/{id})", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let app: Hono<ServerEnv>;
  let recall: RecallApp;
  /** admin, every corpus. */
  let admin: CreatedKey;
  /** ask, every corpus: most of the stored asks are its own. */
  let asker: CreatedKey;
  /** ask, every corpus: a few asks of its own. */
  let other: CreatedKey;
  /** ask, on "notes" only. */
  let limited: CreatedKey;
  /** search only. */
  let searcher: CreatedKey;

  const at = (second: number) => `2026-12-01T10:00:${String(second).padStart(2, "0")}.000Z`;
  const stored = (id: string, second: number, key: CreatedKey | null, overrides: Partial<NewAskRecord> = {}) =>
    recordAsk(workspace.db, {
      id,
      question: `Question ${id}?`,
      corpus: "world",
      strategy: "recall-then-retrieve",
      parameters: { samples: 4, retrieveBelow: 0.5 },
      answer: `Answer ${id}`,
      confidence: 0.8,
      calibrated: true,
      abstained: false,
      retrievals: 1,
      modelCalls: 6,
      promptTokens: 300,
      completionTokens: 40,
      latencyMs: 120.5,
      status: "answered",
      trace: [{ type: "recall-start", question: `Question ${id}?` }],
      keyId: key?.id ?? null,
      createdAt: at(second),
      ...overrides,
    });

  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
    ({ app, recall } = httpApp({ db: workspace.db, store: workspace.store, languageModel, embeddingModel }));
    admin = await recall.keys.create({ name: "admin", corpora: "all", scopes: ["admin"] });
    asker = await recall.keys.create({ name: "asker", corpora: "all", scopes: ["ask"] });
    other = await recall.keys.create({ name: "other", corpora: "all", scopes: ["ask"] });
    limited = await recall.keys.create({ name: "limited", corpora: ["notes"], scopes: ["ask"] });
    searcher = await recall.keys.create({ name: "searcher", corpora: "all", scopes: ["search"] });
    await stored("a01", 1, asker);
    await stored("a02", 2, asker, { abstained: true, answer: "I don't know.", confidence: 0.2 });
    await stored("a03", 3, asker, { status: "failed", error: "model_failed", answer: "", confidence: 0 });
    // Two asks in the same millisecond: their ids order them.
    await stored("a04", 4, asker, { experiment: "gate", variant: "treatment" });
    await stored("a05", 4, asker, { experiment: "gate", variant: "control", strategy: "always-retrieve" });
    await stored("a06", 6, asker, { corpus: "notes" });
    await stored("a07", 7, asker, { corpus: null, strategy: "closed-book" });
    await stored("b01", 8, other);
    await stored("b02", 9, other, { corpus: null, strategy: "closed-book" });
    await stored("c01", 10, limited, { corpus: "notes" });
    await stored("c02", 11, limited, { corpus: null, strategy: "closed-book" });
    await stored("n01", 12, null);
  }, 120_000);
  afterAll(async () => {
    await recall?.close();
    await workspace?.dispose();
  });

  const get = (path: string, key: CreatedKey) => app.request(path, { headers: { authorization: `Bearer ${key.key}` } });
  const pageOf = async (path: string, key: CreatedKey) => {
    const response = await get(path, key);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as AskPageBody;
  };
  const idsOf = async (path: string, key: CreatedKey) => (await pageOf(path, key)).asks.map((ask) => ask.id);
  const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

  describe("listing", () => {
    it("shows an admin every ask, newest first, as summaries without parameters or trace", async () => {
      const page = await pageOf("/v1/asks?limit=100", admin);
      expect(page.asks.map((ask) => ask.id)).toEqual([
        "n01",
        "c02",
        "c01",
        "b02",
        "b01",
        "a07",
        "a06",
        "a05",
        "a04",
        "a03",
        "a02",
        "a01",
      ]);
      expect(page.next).toBeNull();
      expect(page.asks.find((ask) => ask.id === "a02")).toEqual({
        id: "a02",
        createdAt: at(2),
        question: "Question a02?",
        corpus: "world",
        strategy: "recall-then-retrieve",
        experiment: null,
        variant: null,
        answer: "I don't know.",
        confidence: 0.2,
        calibrated: true,
        abstained: true,
        retrievals: 1,
        latencyMs: 120.5,
        status: "answered",
        error: null,
      });
    });

    it("pages through them with the opaque cursor, without a repeat or a gap", async () => {
      const pages: string[][] = [];
      let path = "/v1/asks?limit=5";
      for (;;) {
        const page = await pageOf(path, admin);
        pages.push(page.asks.map((ask) => ask.id));
        if (page.next === null) break;
        path = `/v1/asks?limit=5&before=${encodeURIComponent(page.next)}`;
      }
      expect(pages).toEqual([
        ["n01", "c02", "c01", "b02", "b01"],
        ["a07", "a06", "a05", "a04", "a03"],
        ["a02", "a01"],
      ]);
    });

    it("filters by corpus, strategy, experiment and variant, abstention and status, the filters combined", async () => {
      expect(await idsOf("/v1/asks?corpus=notes", admin)).toEqual(["c01", "a06"]);
      expect(await idsOf("/v1/asks?strategy=closed-book", admin)).toEqual(["c02", "b02", "a07"]);
      expect(await idsOf("/v1/asks?experiment=gate", admin)).toEqual(["a05", "a04"]);
      expect(await idsOf("/v1/asks?experiment=gate&variant=control", admin)).toEqual(["a05"]);
      expect(await idsOf("/v1/asks?abstained=true", admin)).toEqual(["a02"]);
      expect(await idsOf("/v1/asks?abstained=false&corpus=world&status=answered", asker)).toEqual([
        "a05",
        "a04",
        "a01",
      ]);
      expect(await idsOf("/v1/asks?status=failed", admin)).toEqual(["a03"]);
      const failed = (await pageOf("/v1/asks?status=failed", admin)).asks[0];
      expect(failed).toMatchObject({ status: "failed", error: "model_failed", answer: "" });
    });
  });

  describe("who sees which asks", () => {
    it("shows a key with the ask scope only the asks made with it, never another key's", async () => {
      expect(await idsOf("/v1/asks", asker)).toEqual(["a07", "a06", "a05", "a04", "a03", "a02", "a01"]);
      expect(await idsOf("/v1/asks", other)).toEqual(["b02", "b01"]);
      expect(await idsOf("/v1/asks?corpus=notes", other)).toEqual([]);
      for (const id of ["a01", "c01", "n01"]) {
        const response = await get(`/v1/asks/${id}`, other);
        expect(response.status).toBe(404);
        expect((await errorOf(response)).code).toBe("ask_not_found");
      }
    });

    it("shows a key limited to some corpora its asks on those, and its closed-book asks", async () => {
      expect(await idsOf("/v1/asks", limited)).toEqual(["c02", "c01"]);
      expect((await get("/v1/asks/c02", limited)).status).toBe(200);
      expect((await get("/v1/asks/a06", limited)).status).toBe(404);
    });

    it("refuses (403 forbidden) a corpus filter the key may not use, as the corpus's own routes do", async () => {
      const response = await get("/v1/asks?corpus=world", limited);
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toMatchObject({
        code: "forbidden",
        message: expect.stringContaining("--corpora"),
      });
      expect(await idsOf("/v1/asks?corpus=notes", limited)).toEqual(["c01"]);
    });

    it("shows an admin key limited to some corpora every ask on those, and its own closed-book asks", async () => {
      const notesAdmin = await recall.keys.create({ name: "notes-admin", corpora: ["notes"], scopes: ["admin"] });
      expect(await idsOf("/v1/asks", notesAdmin)).toEqual(["c01", "a06"]);
      expect((await get("/v1/asks/a06", notesAdmin)).status).toBe(200);
      expect((await get("/v1/asks/b02", notesAdmin)).status).toBe(404);
    });

    it("refuses (403) a key without the ask scope", async () => {
      for (const path of ["/v1/asks", "/v1/asks/a01"]) {
        const response = await get(path, searcher);
        expect(response.status).toBe(403);
        expect(await errorOf(response)).toMatchObject({ code: "forbidden", message: expect.stringContaining('"ask"') });
      }
    });
  });

  describe("one ask", () => {
    it("is the whole stored ask: parameters, user, key, cost and trace", async () => {
      const response = await get("/v1/asks/a04", asker);
      expect(response.status).toBe(200);
      expect((await response.json()) as StoredAsk).toEqual({
        id: "a04",
        createdAt: at(4),
        question: "Question a04?",
        corpus: "world",
        strategy: "recall-then-retrieve",
        experiment: "gate",
        variant: "treatment",
        answer: "Answer a04",
        confidence: 0.8,
        calibrated: true,
        abstained: false,
        retrievals: 1,
        latencyMs: 120.5,
        status: "answered",
        error: null,
        parameters: { samples: 4, retrieveBelow: 0.5 },
        user: null,
        keyId: asker.id,
        modelCalls: 6,
        promptTokens: 300,
        completionTokens: 40,
        trace: [{ type: "recall-start", question: "Question a04?" }],
      });
    });

    it("is 404 ask_not_found, with a message that says what to send, for an id that names no ask", async () => {
      const response = await get("/v1/asks/no-such-ask", admin);
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toMatchObject({
        code: "ask_not_found",
        message: expect.stringContaining('There is no ask with id "no-such-ask"'),
      });
    });

    it("reads back an ask made over HTTP with its key, its trace and each step's decision with its reason", async () => {
      const asked = await app.request("/v1/ask", {
        method: "POST",
        headers: { authorization: `Bearer ${other.key}`, "content-type": "application/json" },
        body: JSON.stringify({
          question: "Where was Treisnos Bemtond born?",
          strategy: "recall-then-retrieve",
          params: { samples: 2, maxSteps: 2 },
          user: "user-7",
        }),
      });
      expect(asked.status, await asked.clone().text()).toBe(200);
      const { id } = (await asked.json()) as { id: string };
      expect((await pageOf("/v1/asks?limit=1", other)).asks[0]).toMatchObject({ id, corpus: null });
      const response = await get(`/v1/asks/${id}`, other);
      expect(response.status).toBe(200);
      const ask = (await response.json()) as StoredAsk;
      expect(ask).toMatchObject({ id, keyId: other.id, user: "user-7", retrievals: 0, status: "answered" });
      expect(ask.parameters).toMatchObject({ samples: 2, maxSteps: 2 });
      const decisions = (ask.trace as TraceEvent[]).filter((event) => event.type === "step-reward");
      expect(decisions.length).toBeGreaterThan(0);
      for (const decision of decisions) {
        expect(decision.decision).toBe("accept");
        const best = decision.candidates[decision.chosen];
        if (!best) throw new Error("a step has no chosen candidate");
        expect(decision.reason).toContain(`reward ${best.reward.toFixed(2)}`);
        // The gate's defaults: retrieveBelow 0.5, agreementBelow 0.51; weak, it would have retrieved.
        const weak = best.reward < 0.5 || (best.parts.consistency ?? 1) < 0.51;
        expect(decision.reason.endsWith("; not retrieved: there is no corpus to retrieve from")).toBe(weak);
      }
    });
  });

  describe("a query it cannot read", () => {
    it.each([
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=ten", "limit"],
      ["abstained=maybe", "abstained"],
      ["status=pending", "status"],
      ["before=not-a-cursor", "before"],
      [`before=${Buffer.from('["2026-12-01T10:00:00.000Z"]').toString("base64url")}`, "before"],
      ["corpus=", "corpus"],
      ["colour=blue", "colour"],
      ["limit=5&limit=6", "limit"],
    ])("is 400 naming the parameter (%s)", async (query, parameter) => {
      const response = await get(`/v1/asks?${query}`, admin);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("invalid_request");
      expect(error.message).toContain(`"${parameter}"`);
    });
  });

  describe("a page's size", () => {
    it("is 20 unless asked otherwise", async () => {
      const busy = await recall.keys.create({ name: "busy", corpora: "all", scopes: ["ask"] });
      for (let index = 0; index < 21; index++) await stored(`busy-${String(index).padStart(2, "0")}`, 0, busy);
      const first = await pageOf("/v1/asks", busy);
      expect(first.asks).toHaveLength(20);
      expect(first.asks[0]?.id).toBe("busy-20");
      if (first.next === null) throw new Error("the first page has no next");
      expect(await idsOf(`/v1/asks?before=${encodeURIComponent(first.next)}`, busy)).toEqual(["busy-00"]);
    });
  });
});
