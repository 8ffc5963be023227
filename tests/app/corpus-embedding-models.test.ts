import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddingModelMismatchError } from "../../indexers/index-errors.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import { bundledModels, worldFolder } from "../../src/config/bundled-models.ts";
import type { PartialConfig, RecallConfig } from "../../src/config/config-schema.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { findCorpus, insertCorpus, updateCorpus } from "../../src/db/corpus-records.ts";
import { type Logger, noopLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/create-app.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";

/** Four documents of the tiny world: enough to search, few enough to index in a moment. */
const documents = ["person-000.md", "person-001.md", "organisation-000.md", "place-000.md"].map((file) =>
  join(worldFolder, "corpus", file),
);
const question = "Where was Treisnos Bemtond born?";

function configFor(home: string, runtime: PartialConfig["runtime"] = {}): RecallConfig {
  return loadConfig({
    explicit: { home, offline: true, runtime: { workers: false, ...runtime } },
    environment: {},
    cwd: home,
  });
}

/** A logger that keeps what it is told at info level. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { ...noopLogger, lines, info: (message) => lines.push(message) };
}

describe("each corpus served with its own embedding model", () => {
  let home: string;
  let config: RecallConfig;
  let recall: RecallApp;
  let http: Hono<ServerEnv>;
  const generative = () => ({ ...config.models.embedding, model: bundledModels.generativeEmbedding });

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-corpus-models-"));
    config = configFor(home);
    recall = await RecallApp.open(config);
    http = createApp({ app: recall, logger: noopLogger });
    await recall.corpora.index({ corpus: "world", paths: documents, chunkSize: 48, overlap: 8 });
    await recall.corpora.index({
      corpus: "world-gen",
      paths: documents,
      embedding: generative(),
      chunkSize: 64,
      overlap: 0,
    });
  });
  afterAll(async () => {
    await recall.close();
    await rm(home, { recursive: true, force: true });
  });

  it("records how to load each corpus's model, without secrets", async () => {
    const world = await findCorpus(recall.db, "world");
    const worldGen = await findCorpus(recall.db, "world-gen");
    expect(world?.embeddingSettings).toMatchObject({ provider: "transformers", model: bundledModels.embedding });
    expect(worldGen?.embeddingSettings).toMatchObject({
      provider: "llm2vec-gen",
      model: bundledModels.generativeEmbedding,
    });
    expect(worldGen?.embeddingSettings).not.toHaveProperty("apiKey");
    expect(worldGen?.embeddingModel).not.toBe(world?.embeddingModel);
  });

  it("searches world and world-gen densely, alternately, each with its own model", async () => {
    for (const corpus of ["world", "world-gen", "world", "world-gen"]) {
      const { passages } = await recall.search({ corpus, query: question, k: 2, mode: "dense" });
      expect(passages, corpus).toHaveLength(2);
      for (const passage of passages) expect(passage.retriever).toBe("dense");
    }
    for (const corpus of ["world", "world-gen"]) {
      const record = await findCorpus(recall.db, corpus);
      if (!record) throw new Error(`no corpus ${corpus}`);
      const model = await recall.embeddingModels.forSearch(record);
      expect(model.modelId).toBe(record.embeddingModel);
    }
  });

  it("embeds with a corpus's own model when /v1/embeddings names the corpus", async () => {
    for (const corpus of ["world", "world-gen"]) {
      const response = await http.request("/v1/embeddings", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: corpus, input: question, input_type: "query" }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { embedding: number[] }[] };
      const record = await findCorpus(recall.db, corpus);
      expect(body.data[0]?.embedding).toHaveLength(record?.dimensions ?? -1);
    }
  });

  it("keeps at most runtime.maxEmbeddingModels loaded and loads an unloaded one again when a search needs it", async () => {
    const single = await RecallApp.open(configFor(home, { maxEmbeddingModels: 1 }));
    try {
      const [world, worldGen] = [
        await single.openRetriever({ corpus: "world", mode: "dense" }),
        await single.openRetriever({ corpus: "world-gen", mode: "dense" }),
      ];
      for (const retriever of [world, worldGen, world, worldGen])
        expect(await retriever.retrieve({ query: question, k: 1 })).toHaveLength(1);
    } finally {
      await single.close();
    }
  });

  it("serves corpora of different models from worker threads, one model loaded at a time", async () => {
    const workers = await RecallApp.open(configFor(home, { workers: true, maxEmbeddingModels: 1 }), { workers: true });
    try {
      for (const corpus of ["world", "world-gen"])
        expect((await workers.search({ corpus, query: question, k: 1, mode: "dense" })).passages).toHaveLength(1);
    } finally {
      await workers.close();
    }
  });

  it("indexes an existing corpus with its recorded model, not the configured one, and says so", async () => {
    const logger = recordingLogger();
    const before = await findCorpus(recall.db, "world-gen");
    const summary = await recall.corpora.index({
      corpus: "world-gen",
      paths: [...documents, join(worldFolder, "corpus", "person-002.md")],
      logger,
    });
    expect(summary).toMatchObject({ documents: 5, skipped: 4, failed: 0 });
    expect(summary.embedded).toBeGreaterThan(0);
    const after = await findCorpus(recall.db, "world-gen");
    expect(after).toMatchObject({ embeddingModel: before?.embeddingModel, activeTable: before?.activeTable });
    expect(logger.lines).toContain(`indexing corpus world-gen with ${before?.embeddingModel}`);
  });

  it("changes a corpus's model only when a run names the model and re-embeds", async () => {
    await expect(
      recall.corpora.index({ corpus: "world-gen", paths: documents, embedding: config.models.embedding }),
    ).rejects.toBeInstanceOf(EmbeddingModelMismatchError);
  });

  describe("listings", () => {
    let folder: string;
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), "recall-gone-model-"));
      const encoder = join(folder, "gone-encoder");
      await cp(bundledModels.embedding, encoder, { recursive: true });
      await recall.corpora.index({
        corpus: "orphan",
        paths: documents.slice(0, 1),
        embedding: { ...config.models.embedding, model: encoder },
        chunkSize: 48,
        overlap: 8,
      });
      await rm(encoder, { recursive: true, force: true });
      const world = await findCorpus(recall.db, "world");
      if (!world) throw new Error("no corpus world");
      await insertCorpus(recall.db, { ...world, name: "tableless", activeTable: "tableless-1" });
    });
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    const corpusNames = async () =>
      ((await (await http.request("/v1/corpora")).json()) as { corpora: { name: string }[] }).corpora.map(
        (corpus) => corpus.name,
      );
    const modelIds = async () =>
      ((await (await http.request("/v1/models")).json()) as { data: { id: string }[] }).data.map((model) => model.id);

    it("list only corpora the server can serve: a corpus whose model folder is gone, or with no table, is left out", async () => {
      expect(await corpusNames()).toEqual(["world", "world-gen"]);
      const ids = await modelIds();
      expect(ids).toContain("closed-book@world-gen");
      expect(ids.some((id) => id.endsWith("@orphan") || id.endsWith("@tableless"))).toBe(false);
    });

    it("answer a dense search of a corpus whose model is gone with 409, and still search it by full text", async () => {
      const search = (mode: string) =>
        http.request("/v1/search", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ corpus: "orphan", query: question, mode, k: 1 }),
        });
      const dense = await search("dense");
      expect(dense.status).toBe(409);
      const error = ((await dense.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("embedding_model_unavailable");
      expect(error.message).not.toContain(folder);
      expect((await search("full-text")).status).toBe(200);
    });

    it("serve a corpus that recorded no settings with the configured model when the ids agree, else not", async () => {
      const worldGen = await findCorpus(recall.db, "world-gen");
      const world = await findCorpus(recall.db, "world");
      try {
        await updateCorpus(recall.db, "world", { embeddingSettings: null });
        await updateCorpus(recall.db, "world-gen", { embeddingSettings: null });
        expect(await corpusNames()).toEqual(["world"]);
        expect((await recall.search({ corpus: "world", query: question, k: 1, mode: "dense" })).passages).toHaveLength(
          1,
        );
        await expect(
          recall.search({ corpus: "world-gen", query: question, k: 1, mode: "dense" }),
        ).rejects.toMatchObject({ status: 409, code: "embedding_model_mismatch" });
      } finally {
        await updateCorpus(recall.db, "world", { embeddingSettings: world?.embeddingSettings ?? null });
        await updateCorpus(recall.db, "world-gen", { embeddingSettings: worldGen?.embeddingSettings ?? null });
      }
    });
  });
});
