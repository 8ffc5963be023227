import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import { httpApp } from "../support/http-app.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

describe("POST /v1/search", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let app: Hono<ServerEnv>;
  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    const embeddingModel = await loadTinyEmbeddingModel();
    await indexCorpus(
      { db: workspace.db, store: workspace.store },
      {
        corpus: "docs",
        paths: [
          join(projectRoot, "fixtures", "documents", "corpus"),
          join(projectRoot, "fixtures", "documents", "jsonl", "beir.jsonl"),
        ],
        embeddingModel,
        chunkSize: 48,
        overlap: 8,
      },
    );
    app = httpApp({
      db: workspace.db,
      store: workspace.store,
      languageModel: await loadTinyLanguageModel(),
      embeddingModel,
    }).app;
  });
  afterAll(async () => {
    await workspace.dispose();
  });

  const search = (body: unknown) =>
    app.request("/v1/search", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it.each(["dense", "full-text", "hybrid"] as const)("returns passages with provenance in %s mode", async (mode) => {
    const response = await search({ query: "When was the harbour of Bezouth rebuilt?", corpus: "docs", k: 3, mode });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      passages: {
        chunkId: string;
        documentId: string;
        text: string;
        start: number;
        end: number;
        score: number;
        retriever: string;
      }[];
    };
    expect(body.passages.length).toBeGreaterThan(0);
    expect(body.passages.length).toBeLessThanOrEqual(3);
    for (const passage of body.passages) {
      expect(passage.retriever).toBe(mode);
      expect(passage.chunkId.startsWith(`${passage.documentId}#`)).toBe(true);
      expect(passage.end).toBeGreaterThan(passage.start);
    }
    const scores = body.passages.map((passage) => passage.score);
    expect([...scores].sort((left, right) => right - left)).toEqual(scores);
  });

  it("reorders passages with the reranker when asked, reading the candidates it is given", async () => {
    const response = await search({
      query: "When was the harbour of Bezouth rebuilt?",
      corpus: "docs",
      k: 2,
      mode: "hybrid",
      rerank: { candidates: 6 },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { reranked: boolean; passages: { score: number; reranked: boolean }[] };
    expect(body.reranked).toBe(true);
    expect(body.passages).toHaveLength(2);
    for (const passage of body.passages) {
      expect(passage.reranked).toBe(true);
      expect(passage.score).toBeGreaterThanOrEqual(0);
      expect(passage.score).toBeLessThanOrEqual(1);
    }
  });

  it("searches once by default and says so", async () => {
    const response = await search({ query: "Who founded Teithin Foundry?", corpus: "docs", k: 3, mode: "full-text" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ hops: 1, searches: 1 });
  });

  it("with hops: 2, searches again with the names the best passage mentions and counts every search", async () => {
    const response = await search({
      query: "Who founded Teithin Foundry?",
      corpus: "docs",
      k: 3,
      mode: "full-text",
      hops: 2,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { hops: number; searches: number; passages: { documentId: string }[] };
    expect(body.hops).toBe(2);
    expect(body.searches).toBeGreaterThan(1);
    expect(body.passages[0]?.documentId).toBe("pages/guild.html");
  });

  it("answers hops other than 1 or 2 with 400 and a message that says what it may be", async () => {
    const response = await search({ query: "harbour", corpus: "docs", hops: 3 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "invalid_request",
        message: expect.stringMatching(/"hops".*expected 1 \(one search\) or 2/),
        type: "invalid_request_error",
        request_id: response.headers.get("x-request-id"),
      },
    });
  });

  it("filters by document without pasting text into the filter expression", async () => {
    const response = await search({
      query: "harbour",
      corpus: "docs",
      mode: "full-text",
      filter: { documentIds: ["notes/harbour.md", "x' OR '1'='1"] },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { passages: { documentId: string }[] };
    expect(body.passages.length).toBeGreaterThan(0);
    expect(new Set(body.passages.map((passage) => passage.documentId))).toEqual(new Set(["notes/harbour.md"]));
  });

  it("filters on metadata", async () => {
    const response = await search({
      query: "river",
      corpus: "docs",
      mode: "dense",
      k: 5,
      filter: { metadata: { source: "atlas" } },
    });
    const body = (await response.json()) as { passages: { documentId: string }[] };
    expect(body.passages.map((passage) => passage.documentId)).toEqual(["doc-1"]);
  });

  it("answers an unknown corpus with 404 and a stable code", async () => {
    const response = await search({ query: "harbour", corpus: "nope" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: "corpus_not_found",
        message: expect.stringContaining('no corpus named "nope"'),
        type: "not_found_error",
        request_id: response.headers.get("x-request-id"),
      },
    });
  });

  it.each([
    [{ corpus: "docs" }, "query"],
    [{ query: "x", corpus: "docs", k: 0 }, "k"],
    [{ query: "x", corpus: "docs", mode: "magic" }, "mode"],
    [{ query: "x", corpus: "docs", filter: { documentIds: [] } }, "filter.documentIds"],
    [{ query: "x", corpus: "docs", colour: "blue" }, "body"],
    [{ query: "x", corpus: "docs", rerank: { candidates: 0 } }, "rerank.candidates"],
    [{ query: "x", corpus: "docs", hops: "2" }, "hops"],
  ])("answers a malformed body with 400 naming the field (%j)", async (body, field) => {
    const response = await search(body);
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain(`"${field}"`);
  });

  it("answers a body that is not JSON with 400", async () => {
    const response = await search("{not json");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
  });

  it("lists corpora and reports health", async () => {
    const corpora = (await (await app.request("/v1/corpora")).json()) as {
      corpora: { name: string; documents: number }[];
    };
    expect(corpora.corpora).toEqual([expect.objectContaining({ name: "docs", documents: 6 })]);
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    expect((await app.request("/v1/nothing")).status).toBe(404);
  });
});
