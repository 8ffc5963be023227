import { isAbsolute, join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { insertCorpus } from "../../src/db/corpus-records.ts";
import type { Logger } from "../../src/logging/logger.ts";
import type { EmbeddingModel, EmbedOptions, EmbedResult } from "../../src/models/embedding-model.ts";
import type { LanguageModel } from "../../src/models/language-model.ts";
import { ModelLoadError } from "../../src/models/model-errors.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import { httpApp } from "../support/http-app.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

/** A logger that keeps what it is given. */
class RecordingLogger implements Logger {
  readonly entries: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  debug(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: "debug", message, fields });
  }
  info(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: "info", message, fields });
  }
  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: "warn", message, fields });
  }
  error(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: "error", message, fields });
  }
}

/** An embedding model that passes for the corpus's own, and fails every embedding with the given error. */
class FailingEmbeddingModel implements EmbeddingModel {
  calls = 0;

  constructor(
    private readonly model: EmbeddingModel,
    private readonly failure: () => Error,
  ) {}

  get modelId(): string {
    return this.model.modelId;
  }

  get dimensions(): number {
    return this.model.dimensions;
  }

  async embed(_options: EmbedOptions): Promise<EmbedResult> {
    this.calls++;
    throw this.failure();
  }

  async countTokens(): Promise<number[]> {
    throw new Error("FailingEmbeddingModel was not told to count tokens");
  }
}

interface ErrorBody {
  error: { code: string; message: string; type: string; request_id: string };
}

const secretPath = "/secret/path/models/encoder";
const upstreamUrl = "http://upstream.internal:8000/v1";

describe("failures over HTTP", () => {
  let workspace: Awaited<ReturnType<typeof worldWorkspace>>;
  let languageModel: LanguageModel;
  let embeddingModel: EmbeddingModel;
  let question: string;
  let app: Hono<ServerEnv>;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
    workspace = await worldWorkspace(embeddingModel);
    // "pending": a corpus whose first run has written nothing yet (no table at all).
    await insertCorpus(workspace.db, {
      name: "pending",
      embeddingModel: embeddingModel.modelId,
      dimensions: embeddingModel.dimensions,
      activeTable: "pending-1",
      chunkSize: 48,
      chunkOverlap: 8,
    });
    // "unfinished": a corpus whose run wrote its chunks but stopped before building the full-text index.
    await indexCorpus(
      { db: workspace.db, store: workspace.store },
      {
        corpus: "unfinished",
        paths: [join(projectRoot, "fixtures", "documents", "corpus", "notes")],
        embeddingModel,
        chunkSize: 48,
        overlap: 8,
      },
    );
    const unfinished = await workspace.store.existingTable("unfinished-1");
    if (!unfinished) throw new Error("the unfinished corpus has no table");
    for (const index of await unfinished.table.listIndices()) await unfinished.table.dropIndex(index.name);
    const heldOut = (await readQaSet(worldFolder, "unknown")).find((record) => record.split === "test");
    if (!heldOut) throw new Error("no held-out question");
    question = heldOut.question;
    ({ app } = httpApp({ db: workspace.db, store: workspace.store, languageModel, embeddingModel, logger }));
  }, 120_000);

  afterAll(async () => {
    await workspace.dispose();
  });

  const post = (on: Hono<ServerEnv>, path: string, body: unknown) =>
    on.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  /** The app over the same stores, with an embedding model that fails as given. */
  const appWhoseEmbeddingFails = (failure: () => Error) => {
    const failing = new FailingEmbeddingModel(embeddingModel, failure);
    return httpApp({ db: workspace.db, store: workspace.store, languageModel, embeddingModel: failing, logger }).app;
  };

  describe("a failure of the server", () => {
    it("is a 500 internal_error with the request id, and none of the error's message; the log has both", async () => {
      const failing = appWhoseEmbeddingFails(() => new Error(`cannot open ${secretPath} at ${upstreamUrl}`));
      const response = await post(failing, "/v1/search", { query: question, corpus: "world", mode: "dense" });
      expect(response.status).toBe(500);
      const requestId = response.headers.get("x-request-id");
      expect(requestId).toBeTruthy();
      const { error } = (await response.json()) as ErrorBody;
      expect(error).toEqual({
        code: "internal_error",
        message: expect.stringContaining("request's id"),
        type: "server_error",
        request_id: requestId,
      });
      expect(JSON.stringify(error)).not.toMatch(/secret|upstream|http:/);
      const logged = logger.entries.find((entry) => entry.level === "error" && entry.fields.requestId === requestId);
      expect(logged?.fields).toMatchObject({ code: "internal_error", path: "/v1/search" });
      expect(String(logged?.fields.error)).toContain(secretPath);
    });

    it("keeps the request id the client sent", async () => {
      const failing = appWhoseEmbeddingFails(() => new Error(`cannot open ${secretPath}`));
      const response = await failing.request("/v1/search", {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "client-chosen-42" },
        body: JSON.stringify({ query: question, corpus: "world", mode: "dense" }),
      });
      expect(response.status).toBe(500);
      expect(((await response.json()) as ErrorBody).error.request_id).toBe("client-chosen-42");
      expect(logger.entries.some((entry) => entry.fields.requestId === "client-chosen-42")).toBe(true);
    });

    it("names an unavailable model (503) without the URL or path its message gives the operator", async () => {
      const failing = appWhoseEmbeddingFails(
        () =>
          new ModelLoadError(
            "encoder",
            `The model server at ${upstreamUrl} failed for model "encoder" (HTTP 502: <html>${secretPath}</html>).`,
          ),
      );
      const response = await post(failing, "/v1/search", { query: question, corpus: "world", mode: "hybrid" });
      expect(response.status).toBe(503);
      const { error } = (await response.json()) as ErrorBody;
      expect(error).toMatchObject({
        code: "model_unavailable",
        type: "service_unavailable_error",
        request_id: response.headers.get("x-request-id"),
      });
      expect(error.message).toMatch(/unavailable/);
      expect(JSON.stringify(error)).not.toMatch(/secret|upstream|http:|<html>/);
      const logged = logger.entries.find((entry) => entry.fields.requestId === error.request_id);
      expect(String(logged?.fields.error)).toContain(upstreamUrl);
    });

    it("reaches a streamed ask as an error event with the request id, and the log", async () => {
      const failing = appWhoseEmbeddingFails(() => new Error(`cannot open ${secretPath}`));
      const response = await post(failing, "/v1/ask", {
        question,
        corpus: "world",
        strategy: "always-retrieve",
        mode: "dense",
        stream: true,
      });
      expect(response.status).toBe(200);
      const requestId = response.headers.get("x-request-id");
      const text = await response.text();
      const errorEvent = /event: error\ndata: (.+)/.exec(text)?.[1];
      const { error } = JSON.parse(errorEvent ?? "{}") as ErrorBody;
      expect(error).toMatchObject({ code: "internal_error", request_id: requestId });
      expect(text).not.toContain("secret");
      expect(logger.entries.some((entry) => entry.fields.requestId === requestId)).toBe(true);
    });
  });

  describe("a corpus that cannot be searched yet", () => {
    const cases = ["pending", "unfinished"].flatMap((corpus) =>
      (["full-text", "dense", "hybrid"] as const).map((mode) => [corpus, mode] as const),
    );

    it.each(cases)("answers a search of %s in %s mode with 409 corpus_not_ready", async (corpus, mode) => {
      const response = await post(app, "/v1/search", { query: "harbour", corpus, mode });
      expect(response.status).toBe(409);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code).toBe("corpus_not_ready");
      expect(error.message).toContain(`recall index <paths> --corpus ${corpus}`);
      expect(error.message).toMatch(corpus === "pending" ? /no passages yet/ : /indexing has not finished/);
    });

    it.each(cases)("answers an ask of %s in %s mode with 409, before any stream begins", async (corpus, mode) => {
      for (const stream of [false, true]) {
        const response = await post(app, "/v1/ask", { question: "Where is the harbour?", corpus, mode, stream });
        expect(response.status).toBe(409);
        expect(((await response.json()) as ErrorBody).error.code).toBe("corpus_not_ready");
      }
    });
  });

  describe("experiments", () => {
    const definition = (name: string, corpus = "world") => ({
      name,
      corpus,
      variants: [
        { name: "control", strategy: "always-retrieve" },
        { name: "loop", strategy: "recall-then-retrieve" },
      ],
    });

    it("creates one of two concurrent creates of a name; the other is 409 experiment_exists", async () => {
      const responses = await Promise.all([
        post(app, "/v1/experiments", definition("race")),
        post(app, "/v1/experiments", definition("race")),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
      const refused = responses.find((response) => response.status === 409);
      if (!refused) throw new Error("neither create was refused");
      expect(((await refused.json()) as ErrorBody).error.code).toBe("experiment_exists");
    });

    it("refuses a corpus that does not exist with 404", async () => {
      const response = await post(app, "/v1/experiments", definition("nowhere", "no-such-corpus"));
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorBody).error.code).toBe("corpus_not_found");
    });
  });

  describe("provenance", () => {
    const worldCorpus = join(worldFolder, "corpus");

    it("gives each searched passage its text and a uri relative to the folder indexed", async () => {
      const response = await post(app, "/v1/search", { query: question, corpus: "world", k: 5 });
      expect(response.status).toBe(200);
      const { passages } = (await response.json()) as { passages: { documentId: string; uri: string; text: string }[] };
      expect(passages.length).toBeGreaterThan(0);
      for (const passage of passages) {
        expect(passage.text.length).toBeGreaterThan(0);
        expect(passage.uri).toBe(passage.documentId);
        expect(isAbsolute(passage.uri)).toBe(false);
        expect(JSON.stringify(passage)).not.toContain(worldCorpus);
      }
    });

    it("gives an ask's passages and citations their text and relative uris", async () => {
      const response = await post(app, "/v1/ask", { question, corpus: "world", strategy: "always-retrieve" });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain(worldCorpus);
      const answer = JSON.parse(text) as {
        passages: { chunkId: string; uri: string; text: string }[];
        citations: { chunkId: string; uri: string; text: string }[];
      };
      expect(answer.passages.length).toBeGreaterThan(0);
      expect(answer.citations.length).toBeGreaterThan(0);
      for (const reference of [...answer.passages, ...answer.citations]) {
        expect(reference.text.length).toBeGreaterThan(0);
        expect(isAbsolute(reference.uri)).toBe(false);
        expect(reference.uri).toMatch(/\.md$/);
      }
      for (const citation of answer.citations)
        expect(citation.text).toBe(answer.passages.find((passage) => passage.chunkId === citation.chunkId)?.text);
    });
  });
});
