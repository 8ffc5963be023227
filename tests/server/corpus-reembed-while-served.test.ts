import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import { openRetriever, QueryModelMismatchError, readCorpusToSearch } from "../../retrievers/open-retriever.ts";
import { configuredModels, type ModelSet } from "../../src/app/model-set.ts";
import { openWorkspace, type Workspace } from "../../src/app/open-workspace.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import { recordEmbeddingSettings } from "../../src/app/recorded-embedding-settings.ts";
import { bundledModels, worldFolder } from "../../src/config/bundled-models.ts";
import type { EmbeddingModelConfig, RecallConfig } from "../../src/config/config-schema.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { findCorpus } from "../../src/db/corpus-records.ts";
import { noopLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/create-app.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";

/** Four documents of the tiny world: enough to search, few enough to re-embed in a moment. */
const documents = ["person-000.md", "person-001.md", "organisation-000.md", "place-000.md"].map((file) =>
  join(worldFolder, "corpus", file),
);
const question = "Where was Treisnos Bemtond born?";

interface SearchBody {
  passages: { chunkId: string }[];
}

/** A hold on the server's next loads of a corpus's embedding model: made after the corpus record is read. */
interface ModelLoadHold {
  /** Settles once `count` loads are waiting. */
  readonly reached: Promise<void>;
  release(): void;
}

/** The models, with a way to hold loads of a corpus's embedding model (the point between reading and opening). */
function holdableModels(models: ModelSet): { models: ModelSet; hold(count: number): ModelLoadHold } {
  let held: { count: number; waiting: number; reached: () => void; released: Promise<void> } | undefined;
  return {
    models: {
      ...models,
      recordedEmbedding: async (settings) => {
        const hold = held;
        if (hold) {
          hold.waiting++;
          if (hold.waiting === hold.count) {
            held = undefined;
            hold.reached();
          }
          await hold.released;
        }
        return models.recordedEmbedding(settings);
      },
    },
    hold(count) {
      let reached = () => {};
      let release = () => {};
      const reachedPromise = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      held = { count, waiting: 0, reached, released };
      return { reached: reachedPromise, release };
    },
  };
}

/**
 * A server searches and asks a corpus while another process (its own SQLite and LanceDB connections and models, on
 * the same data folder) re-embeds it with the other bundled embedding model and switches to the new version: every
 * request answers, each from one version (its model and its table from one read of the corpus record), and requests
 * after the switch use the new model.
 */
describe("a corpus re-embedded with another model while it is served", () => {
  let home: string;
  let config: RecallConfig;
  let recall: RecallApp;
  let http: Hono<ServerEnv>;
  let hold: (count: number) => ModelLoadHold;
  let writer: Workspace;
  let writerModels: ModelSet;
  const generative = (): EmbeddingModelConfig => ({
    ...config.models.embedding,
    model: bundledModels.generativeEmbedding,
  });

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-reembed-served-"));
    config = loadConfig({
      explicit: { home, offline: true, runtime: { workers: false } },
      environment: {},
      cwd: home,
    });
    const holdable = holdableModels(configuredModels(config));
    hold = holdable.hold;
    recall = await RecallApp.open(config, { models: holdable.models });
    http = createApp({ app: recall, logger: noopLogger });
    writer = await openWorkspace(config);
    writerModels = configuredModels(config);
    await recall.corpora.index({ corpus: "world", paths: documents, chunkSize: 48, overlap: 8 });
  });
  afterAll(async () => {
    await recall?.close();
    await writerModels?.close?.();
    writer?.close();
    await rm(home, { recursive: true, force: true });
  });

  /** A re-embed of the corpus by the other process, as `recall index --reembed --model` runs it. */
  async function reembed(embedding: EmbeddingModelConfig) {
    const settings = recordEmbeddingSettings(embedding);
    return indexCorpus(
      { db: writer.db, store: writer.store },
      {
        corpus: "world",
        paths: documents,
        embeddingModel: await writerModels.recordedEmbedding(settings),
        embeddingSettings: settings,
        reembed: true,
        versionGraceMs: 60_000,
      },
    );
  }

  async function search(mode: string): Promise<{ status: number; body: SearchBody | undefined }> {
    const response = await http.request("/v1/search", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: question, corpus: "world", k: 3, mode }),
    });
    return {
      status: response.status,
      body: response.status === 200 ? ((await response.json()) as SearchBody) : undefined,
    };
  }

  async function servedModel(): Promise<string | undefined> {
    const response = await http.request("/v1/corpora");
    const body = (await response.json()) as { corpora: { name: string; model: string }[] };
    return body.corpora.find((corpus) => corpus.name === "world")?.model;
  }

  async function tableIds(table: string): Promise<Set<string>> {
    return new Set(await (await writer.store.existingTable(table))?.ids());
  }

  it("answers every dense and hybrid search while the corpus is re-embedded, and searches with the new model after", async () => {
    const before = await findCorpus(recall.db, "world");
    let done = false;
    const reembedding = reembed(generative()).finally(() => {
      done = true;
    });
    const statuses: number[] = [];
    while (!done || statuses.length === 0) {
      for (const mode of ["dense", "hybrid"]) statuses.push((await search(mode)).status);
    }
    const summary = await reembedding;
    expect(summary.versionPending).toBe(false);
    expect(new Set(statuses)).toEqual(new Set([200]));

    const after = await findCorpus(recall.db, "world");
    expect(after).toMatchObject({ activeTable: "world-2", pendingTable: null });
    expect(after?.embeddingModel).not.toBe(before?.embeddingModel);
    expect(after?.embeddingSettings).toMatchObject({
      provider: "llm2vec-gen",
      model: bundledModels.generativeEmbedding,
    });
    expect(await servedModel()).toBe(after?.embeddingModel);
    const dense = await search("dense");
    expect(dense.status).toBe(200);
    const ids = await tableIds("world-2");
    expect(dense.body?.passages.length).toBeGreaterThan(0);
    for (const passage of dense.body?.passages ?? []) expect(ids.has(passage.chunkId)).toBe(true);
  });

  it("answers a search and an ask held between reading the record and opening the table across a switch, from the version they read", async () => {
    const before = await findCorpus(recall.db, "world");
    const held = hold(2);
    const searching = search("dense");
    const asking = http.request("/v1/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question, corpus: "world", strategy: "always-retrieve", mode: "hybrid" }),
    });
    await held.reached;
    await reembed(config.models.embedding);
    const switched = await findCorpus(writer.db, "world");
    expect(switched).toMatchObject({ activeTable: "world-3", pendingTable: null });
    expect(switched?.embeddingModel).not.toBe(before?.embeddingModel);
    held.release();

    const searched = await searching;
    expect(searched.status).toBe(200);
    const oldIds = await tableIds(before?.activeTable ?? "");
    expect(searched.body?.passages.length).toBeGreaterThan(0);
    for (const passage of searched.body?.passages ?? []) expect(oldIds.has(passage.chunkId)).toBe(true);
    const asked = await asking;
    expect(asked.status).toBe(200);
    expect(((await asked.json()) as { usage: { retrievals: number } }).usage.retrievals).toBe(1);

    const now = await search("dense");
    expect(now.status).toBe(200);
    const newIds = await tableIds("world-3");
    for (const passage of now.body?.passages ?? []) expect(newIds.has(passage.chunkId)).toBe(true);
    expect(await servedModel()).toBe(switched?.embeddingModel);
  });

  it("still refuses a dense search with a model other than the record's own", async () => {
    const corpus = await readCorpusToSearch(recall.db, "world");
    const other = recordEmbeddingSettings(generative());
    expect(corpus.embeddingModel).not.toBe((await writerModels.recordedEmbedding(other)).modelId);
    await expect(
      openRetriever({
        store: recall.store,
        corpus,
        mode: "dense",
        embeddingModel: await writerModels.recordedEmbedding(other),
      }),
    ).rejects.toBeInstanceOf(QueryModelMismatchError);
    await expect(readCorpusToSearch(recall.db, "nowhere")).rejects.toMatchObject({ status: 404 });
  });
});
