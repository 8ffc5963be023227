import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dropRetiredTables } from "../../indexers/corpus-version.ts";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import {
  ChunkingChangeError,
  CorpusBusyError,
  EmbeddingModelMismatchError,
  VersionInProgressError,
} from "../../indexers/index-errors.ts";
import { bundledModels } from "../../src/config/bundled-models.ts";
import { InvalidCorpusNameError } from "../../src/db/corpus-errors.ts";
import { corpusCounts, findCorpus } from "../../src/db/corpus-records.ts";
import { takeLease } from "../../src/db/lease-records.ts";
import { documentErrors, indexJobs } from "../../src/db/schema.ts";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import { TransformersEmbeddingModel } from "../../src/models/transformers/transformers-embedding-model.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { CountingEmbeddingModel } from "../support/counting-embedding-model.ts";
import { FailingEmbeddingModelDouble } from "../support/failing-embedding-model.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

const documentsFolder = join(projectRoot, "fixtures", "documents");

describe("indexCorpus", () => {
  let encoder: TransformersEmbeddingModel;
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let sources: string;
  beforeAll(async () => {
    encoder = await TransformersEmbeddingModel.load(bundledModels.embedding);
  });
  beforeEach(async () => {
    workspace = await temporaryWorkspace();
    sources = await mkdtemp(join(tmpdir(), "recall-sources-"));
    await cp(join(documentsFolder, "corpus"), sources, { recursive: true });
  });
  afterEach(async () => {
    await workspace.dispose();
    await rm(sources, { recursive: true, force: true });
  });

  const run = (model: EmbeddingModel, options: Partial<Parameters<typeof indexCorpus>[1]> = {}) =>
    indexCorpus(
      { db: workspace.db, store: workspace.store },
      { corpus: "docs", paths: [sources], embeddingModel: model, chunkSize: 24, overlap: 4, ...options },
    );

  it("indexes every document into chunks whose offsets point into the document's text", async () => {
    const summary = await run(encoder);
    expect(summary).toMatchObject({ documents: 4, skipped: 0, failed: 0, corpus: "docs", table: "docs-1" });
    expect(summary.embedded).toBe(summary.chunks);
    const table = await workspace.store.table("docs-1", encoder.dimensions);
    expect(await table.count()).toBe(summary.chunks);
    const rows = (await table.table.query().toArray()) as {
      id: string;
      document_id: string;
      chunk_index: number;
      text: string;
      start: number;
      end: number;
    }[];
    const market = await readFile(join(sources, "notes", "market.txt"), "utf8");
    for (const row of rows) {
      expect(row.id).toBe(`${row.document_id}#${row.chunk_index}`);
      if (row.document_id === "notes/market.txt") expect(market.slice(row.start, row.end)).toBe(row.text);
    }
    expect(await corpusCounts(workspace.db, "docs")).toEqual({ documents: 4, chunks: summary.chunks });
    expect((await findCorpus(workspace.db, "docs"))?.embeddingModel).toBe(encoder.modelId);
  });

  it("embeds nothing the second time over an unchanged corpus", async () => {
    const first = await run(encoder);
    const counting = new CountingEmbeddingModel(encoder);
    const second = await run(counting);
    expect(counting.embeddedTexts).toBe(0);
    expect(second).toMatchObject({ documents: 4, skipped: 4, embedded: 0, chunks: 0 });
    expect(await (await workspace.store.table("docs-1", encoder.dimensions)).count()).toBe(first.chunks);
  });

  it("re-embeds only a changed document and replaces its old chunks, leaving no stale ones", async () => {
    await run(encoder);
    const long = "The covered market of Bezouth opens at dawn. ".repeat(12);
    await writeFile(join(sources, "notes", "market.txt"), long);
    const afterGrowth = await run(encoder);
    expect(afterGrowth).toMatchObject({ skipped: 3 });
    await writeFile(join(sources, "notes", "market.txt"), "The market is closed on Sundays.");
    const counting = new CountingEmbeddingModel(encoder);
    const afterShrink = await run(counting);
    expect(afterShrink).toMatchObject({ skipped: 3, chunks: 1, embedded: 1 });
    expect(counting.embeddedTexts).toBe(1);
    const table = await workspace.store.table("docs-1", encoder.dimensions);
    const marketIds = (await table.ids()).filter((id) => id.startsWith("notes/market.txt#"));
    expect(marketIds).toEqual(["notes/market.txt#0"]);
  });

  it("leaves no stale chunk of a shortened document when the run before died between recording it and writing it", async () => {
    await run(encoder);
    await writeFile(join(sources, "notes", "harbour.md"), "# Harbour\n\nThe harbour is small.");
    await expect(run(new FailingEmbeddingModelDouble(encoder))).rejects.toThrow(/stopped answering/);
    await run(encoder);
    const ids = await (await workspace.store.table("docs-1", encoder.dimensions)).ids();
    expect(ids.filter((id) => id.startsWith("notes/harbour.md#"))).toEqual(["notes/harbour.md#0"]);
    expect(ids.length).toBe((await corpusCounts(workspace.db, "docs")).chunks);
  });

  it("deletes documents that left the sources only with prune", async () => {
    await run(encoder);
    await rm(join(sources, "pages", "guild.html"));
    await run(encoder);
    expect(
      (await workspace.store.table("docs-1", encoder.dimensions).then((table) => table.ids())).some((id) =>
        id.startsWith("pages/guild.html#"),
      ),
    ).toBe(true);
    const pruned = await run(encoder, { prune: true });
    expect(pruned.pruned).toBe(1);
    const ids = await (await workspace.store.table("docs-1", encoder.dimensions)).ids();
    expect(ids.some((id) => id.startsWith("pages/guild.html#"))).toBe(false);
    expect((await corpusCounts(workspace.db, "docs")).documents).toBe(3);
  });

  it("records bad files with their reasons, indexes the good ones, and finishes the job", async () => {
    const summary = await run(encoder, { paths: [sources, join(documentsFolder, "bad")] });
    expect(summary.documents).toBe(4 + 2);
    expect(summary.failed).toBe(12);
    expect(summary.failures.map((failure) => failure.reason)).toContainEqual(expect.stringMatching(/binary/));
    const errors = await workspace.db.orm.select().from(documentErrors);
    expect(errors).toHaveLength(12);
    const [job] = await workspace.db.orm.select().from(indexJobs);
    expect(job).toMatchObject({ status: "succeeded", documents: 6, failed: 12 });
  });

  it("refuses another embedding model without --reembed, and with it switches only when every document is done", async () => {
    await run(encoder);
    const copy = await mkdtemp(join(tmpdir(), "recall-encoder-"));
    try {
      await cp(bundledModels.embedding, join(copy, "other-encoder"), { recursive: true });
      const other = await TransformersEmbeddingModel.load(join(copy, "other-encoder"));
      expect(other.modelId).not.toBe(encoder.modelId);
      await expect(run(other)).rejects.toBeInstanceOf(EmbeddingModelMismatchError);
      await expect(run(other)).rejects.toThrow(/--reembed/);

      const partial = await run(other, { reembed: true, sources: { include: ["notes/**"] } });
      expect(partial).toMatchObject({ table: "docs-2", versionPending: true });
      const corpus = await findCorpus(workspace.db, "docs");
      expect(corpus).toMatchObject({ activeTable: "docs-1", embeddingModel: encoder.modelId, pendingTable: "docs-2" });
      expect(await (await workspace.store.table("docs-1", encoder.dimensions)).count()).toBeGreaterThan(0);

      const done = await run(other, { reembed: true });
      expect(done).toMatchObject({ table: "docs-2", versionPending: false, skipped: 2 });
      expect(await findCorpus(workspace.db, "docs")).toMatchObject({
        activeTable: "docs-2",
        embeddingModel: other.modelId,
        pendingTable: null,
      });
      expect(await workspace.store.existingTable("docs-1")).toBeDefined();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it("re-chunks every document into a new version beside the one that serves, and switches when it is complete", async () => {
    const small = await run(encoder, { chunkSize: 16 });
    const partial = await run(encoder, { chunkSize: 200, rechunk: true, sources: { include: ["notes/**"] } });
    expect(partial).toMatchObject({ table: "docs-2", versionPending: true });
    expect(await findCorpus(workspace.db, "docs")).toMatchObject({
      activeTable: "docs-1",
      chunkSize: 16,
      pendingTable: "docs-2",
      pendingChunkSize: 200,
    });
    expect(await (await workspace.store.table("docs-1", encoder.dimensions)).count()).toBe(small.chunks);

    const finished = await indexCorpus(
      { db: workspace.db, store: workspace.store },
      { corpus: "docs", paths: [sources], embeddingModel: encoder },
    );
    expect(finished).toMatchObject({ table: "docs-2", versionPending: false, skipped: 2 });
    expect(await findCorpus(workspace.db, "docs")).toMatchObject({
      activeTable: "docs-2",
      chunkSize: 200,
      pendingTable: null,
      pendingChunkSize: null,
    });
    const whole = await corpusCounts(workspace.db, "docs");
    expect(whole.chunks).toBeLessThan(small.chunks);
    expect(await (await workspace.store.table("docs-2", encoder.dimensions)).count()).toBe(whole.chunks);
  });

  it("does not switch to a new version while a document recorded in it was never written", async () => {
    await run(encoder, { chunkSize: 16 });
    // Every document is recorded in the new version before the one embedding call, which fails: none is written.
    const dying = run(new FailingEmbeddingModelDouble(encoder), { chunkSize: 200, rechunk: true, batchSize: 1024 });
    await expect(dying).rejects.toThrow(/stopped answering/);
    const partial = await run(encoder, { chunkSize: 200, sources: { include: ["notes/**"] } });
    expect(partial).toMatchObject({ table: "docs-2", versionPending: true });
    expect((await findCorpus(workspace.db, "docs"))?.activeTable).toBe("docs-1");
    const finished = await run(encoder, { chunkSize: 200 });
    expect(finished).toMatchObject({ table: "docs-2", versionPending: false });
    const table = await workspace.store.table("docs-2", encoder.dimensions);
    expect(await table.count()).toBe((await corpusCounts(workspace.db, "docs")).chunks);
  });

  it("never lets a run without --reembed or --rechunk drop a new version being built with another model", async () => {
    await run(encoder);
    const copy = await mkdtemp(join(tmpdir(), "recall-encoder-"));
    try {
      await cp(bundledModels.embedding, join(copy, "other-encoder"), { recursive: true });
      const other = await TransformersEmbeddingModel.load(join(copy, "other-encoder"));
      await run(other, { reembed: true, sources: { include: ["notes/**"] } });
      await expect(run(encoder)).rejects.toBeInstanceOf(VersionInProgressError);
      expect(await findCorpus(workspace.db, "docs")).toMatchObject({ activeTable: "docs-1", pendingTable: "docs-2" });
      expect(await workspace.store.existingTable("docs-2")).toBeDefined();
      const finished = await run(other, { reembed: true });
      expect(finished).toMatchObject({ table: "docs-2", versionPending: false });
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it("goes back to the serving version's settings without duplicating the documents an abandoned version held", async () => {
    const first = await run(encoder, { chunkSize: 16 });
    await run(encoder, { chunkSize: 200, rechunk: true, sources: { include: ["notes/**"] } });
    const back = await run(encoder, { chunkSize: 16, rechunk: true });
    expect(back).toMatchObject({ table: "docs-1", versionPending: false });
    expect(await findCorpus(workspace.db, "docs")).toMatchObject({ activeTable: "docs-1", pendingTable: null });
    expect(await workspace.store.existingTable("docs-2")).toBeUndefined();
    const ids = await (await workspace.store.table("docs-1", encoder.dimensions)).ids();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(first.chunks);
    expect((await corpusCounts(workspace.db, "docs")).documents).toBe(4);
  });

  it("keeps the replaced version readable for its grace period, then drops it", async () => {
    await run(encoder, { chunkSize: 16 });
    const before = await workspace.store.reader("docs-1");
    await run(encoder, { chunkSize: 48, rechunk: true, versionGraceMs: 60_000 });
    expect((await findCorpus(workspace.db, "docs"))?.activeTable).toBe("docs-2");
    expect(await before?.count()).toBeGreaterThan(0);
    expect(await dropRetiredTables(workspace, { now: new Date(Date.now() + 30_000) })).toEqual([]);
    expect(await workspace.store.existingTable("docs-1")).toBeDefined();
    expect(await dropRetiredTables(workspace, { now: new Date(Date.now() + 61_000) })).toEqual(["docs-1"]);
    expect(await workspace.store.existingTable("docs-1")).toBeUndefined();
    expect(await workspace.store.existingTable("docs-2")).toBeDefined();
  });

  it("drops an unfinished new version that a run with other settings replaces, and never reuses a version's name", async () => {
    await run(encoder, { chunkSize: 16 });
    await run(encoder, { chunkSize: 200, rechunk: true, sources: { include: ["notes/**"] } });
    const replaced = await run(encoder, { chunkSize: 48, rechunk: true, versionGraceMs: 60_000 });
    expect(replaced).toMatchObject({ table: "docs-3", versionPending: false });
    expect(await workspace.store.existingTable("docs-2")).toBeUndefined();
    const again = await run(encoder, { chunkSize: 64, rechunk: true, sources: { include: ["notes/**"] } });
    expect(again.table).toBe("docs-4");
  });

  it("remembers a corpus's chunking: a run that names none keeps it, one that names other chunking is refused", async () => {
    const first = await run(encoder, { chunkSize: 16, overlap: 2 });
    const again = await indexCorpus(
      { db: workspace.db, store: workspace.store },
      { corpus: "docs", paths: [sources], embeddingModel: encoder },
    );
    expect(again.embedded).toBe(0);
    expect(again.skipped).toBe(first.documents);
    const refused = run(encoder, { chunkSize: 200 });
    await expect(refused).rejects.toBeInstanceOf(ChunkingChangeError);
    await expect(refused).rejects.toThrow(/chunked at 16 tokens with 2 of overlap.*--rechunk/s);
    expect(await (await workspace.store.table("docs-1", encoder.dimensions)).count()).toBe(first.chunks);
  });

  it("lets one run write a corpus at a time, and names the running job to the other", async () => {
    const results = await Promise.allSettled([run(encoder), run(encoder)]);
    const written = results.filter((result) => result.status === "fulfilled");
    const refused = results.filter((result) => result.status === "rejected");
    expect(written).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason as CorpusBusyError;
    expect(error).toBeInstanceOf(CorpusBusyError);
    const summary = (written[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof run>>>).value;
    expect(error.job).toBe(summary.jobId);
    expect(error.message).toContain(`being indexed by job ${summary.jobId}`);
    expect(await (await workspace.store.table("docs-1", encoder.dimensions)).count()).toBe(summary.chunks);
    const after = await run(encoder);
    expect(after.skipped).toBe(summary.documents);
  });

  it("takes over the lease of a run whose process died once it expires", async () => {
    const elsewhere = { corpus: "docs", host: "another-machine", pid: 1 };
    const past = new Date(Date.now() - 60_000);
    await takeLease(workspace.db, {
      ...elsewhere,
      holder: "dead-job",
      now: past,
      expiresAt: new Date(past.getTime() + 30_000),
    });
    const summary = await run(encoder);
    expect(summary.documents).toBeGreaterThan(0);
    const live = new Date();
    await takeLease(workspace.db, {
      ...elsewhere,
      holder: "live-job",
      now: live,
      expiresAt: new Date(live.getTime() + 60_000),
    });
    await expect(run(encoder)).rejects.toThrow(/being indexed by job live-job/);
  });

  it("takes over at once from a run on this machine whose process is gone", async () => {
    const now = new Date();
    await takeLease(workspace.db, {
      corpus: "docs",
      holder: "killed-job",
      host: hostname(),
      pid: 2 ** 22 + 17,
      now,
      expiresAt: new Date(now.getTime() + 60_000),
    });
    const summary = await run(encoder);
    expect(summary.documents).toBeGreaterThan(0);
  });

  it("keeps the table's recent versions after a run, for readers in other processes", async () => {
    const first = await run(encoder);
    const readerVersion = await (await workspace.store.table("docs-1", encoder.dimensions)).table.version();
    await writeFile(join(sources, "added.txt"), "A document added between two runs, about lighthouses.");
    const second = await run(encoder);
    expect(second.chunks).toBeGreaterThan(0);
    // A reader still on the first run's version (a server that has not refreshed yet) can read it whole.
    const reader = await workspace.store.table("docs-1", encoder.dimensions);
    await reader.table.checkout(readerVersion);
    expect(await reader.table.countRows()).toBe(first.chunks);
  });

  it("rejects a corpus name that cannot name a table", async () => {
    await expect(run(encoder, { corpus: "../etc" })).rejects.toBeInstanceOf(InvalidCorpusNameError);
  });
});
