import { copyFile, cp, mkdtemp, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkCorpus } from "../../indexers/check-corpus.ts";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import { CorpusBusyError } from "../../indexers/index-errors.ts";
import { repairCorpus } from "../../indexers/repair-corpus.ts";
import { DenseRetriever } from "../../retrievers/dense-retriever.ts";
import { FullTextRetriever } from "../../retrievers/full-text-retriever.ts";
import { bundledModels, worldFolder } from "../../src/config/bundled-models.ts";
import { documentPlacements } from "../../src/db/document-records.ts";
import { takeLease } from "../../src/db/lease-records.ts";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import { TransformersEmbeddingModel } from "../../src/models/transformers/transformers-embedding-model.ts";
import { type ChunkRow, chunkId } from "../../src/store/chunk-row.ts";
import type { ChunkTable } from "../../src/store/chunk-table.ts";
import { sqlString } from "../../src/store/sql-literal.ts";
import { CountingEmbeddingModel } from "../support/counting-embedding-model.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

const worldDocuments = ["organisation-000.md", "organisation-001.md", "organisation-002.md", "organisation-003.md"];
const [doubled, thinned, emptied, rewritten] = worldDocuments as [string, string, string, string];

describe("checking and repairing a corpus", () => {
  let encoder: TransformersEmbeddingModel;
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let sources: string;
  beforeAll(async () => {
    encoder = await TransformersEmbeddingModel.load(bundledModels.embedding);
  });
  beforeEach(async () => {
    workspace = await temporaryWorkspace();
    sources = await mkdtemp(join(tmpdir(), "recall-check-sources-"));
    for (const name of worldDocuments) await copyFile(join(worldFolder, "corpus", name), join(sources, name));
  });
  afterEach(async () => {
    await workspace.dispose();
    await rm(sources, { recursive: true, force: true });
  });

  const index = (model: EmbeddingModel = encoder, options: Partial<Parameters<typeof indexCorpus>[1]> = {}) =>
    indexCorpus(
      { db: workspace.db, store: workspace.store },
      { corpus: "world", paths: [sources], embeddingModel: model, chunkSize: 24, overlap: 4, ...options },
    );
  const check = () => checkCorpus({ db: workspace.db, store: workspace.store }, "world");
  const repair = () => repairCorpus({ db: workspace.db, store: workspace.store }, { corpus: "world" });
  const activeTable = async (): Promise<ChunkTable> => {
    const table = await workspace.store.existingTable("world-1");
    if (!table) throw new Error("the corpus has no table world-1");
    return table;
  };
  const chunkCounts = async (): Promise<Map<string, number>> =>
    new Map((await documentPlacements(workspace.db, "world")).map((document) => [document.id, document.chunkCount]));
  const search = async (query: string) => {
    const table = await activeTable();
    return [
      ...(await new DenseRetriever(table, encoder).retrieve({ query, k: 20 })),
      ...(await new FullTextRetriever(table).retrieve({ query, k: 20 })),
    ];
  };

  /**
   * Damages the corpus the way overlapping writers and lost writes do, and returns what a check must count:
   * every chunk of one document written twice, one chunk of another written three times and one row past its last
   * chunk, a row of a document the corpus does not have, and a document whose rows were all deleted.
   */
  async function damage() {
    const table = await activeTable();
    const counts = await chunkCounts();
    await table.table.add(
      await table.table
        .query()
        .where(`document_id = ${sqlString(doubled)}`)
        .toArrow(),
    );
    const [first] = await rowsOf(table, `id = ${sqlString(chunkId(thinned, 0))}`);
    if (!first) throw new Error("no first chunk");
    const thinnedCount = counts.get(thinned) ?? 0;
    await table.append([
      first,
      first,
      { ...first, id: chunkId(thinned, thinnedCount), chunk_index: thinnedCount },
      { ...first, id: chunkId("ghost.md", 0), document_id: "ghost.md" },
    ]);
    await table.deleteDocumentChunks([emptied]);
    const doubledCount = counts.get(doubled) ?? 0;
    return { doubledCount, emptiedCount: counts.get(emptied) ?? 0, total: sum(counts.values()) };
  }

  it("finds a freshly indexed corpus healthy: one row for every chunk its records expect", async () => {
    const summary = await index();
    const found = await check();
    expect(found).toEqual({
      corpus: "world",
      healthy: true,
      writer: null,
      tables: [
        {
          table: "world-1",
          role: "active",
          exists: true,
          rows: summary.chunks,
          indexedDocuments: 4,
          expectedRows: summary.chunks,
          duplicates: { chunks: 0, surplusRows: 0, examples: [] },
          orphans: { rows: 0, unknownDocuments: 0, pastLastChunk: 0, examples: [] },
          missing: { documents: 0, chunks: 0, examples: [] },
          pendingDocuments: 0,
          carriedRows: 0,
        },
      ],
      pendingDocuments: { count: 0, examples: [] },
      repairPlan: { surplusRows: 0, orphanRows: 0, documentsToReembed: 0 },
    });
  });

  it("counts duplicated chunks, orphan rows and missing chunks exactly, and says what a repair would do", async () => {
    await index();
    const { doubledCount, emptiedCount, total } = await damage();
    const found = await check();
    expect(found.healthy).toBe(false);
    expect(found.tables).toHaveLength(1);
    expect(found.tables[0]).toMatchObject({
      rows: total + doubledCount + 2 + 2 - emptiedCount,
      indexedDocuments: 4,
      expectedRows: total,
      duplicates: { chunks: doubledCount + 1, surplusRows: doubledCount + 2 },
      orphans: { rows: 2, unknownDocuments: 1, pastLastChunk: 1 },
      missing: { documents: 1, chunks: emptiedCount, examples: [emptied] },
      pendingDocuments: 0,
    });
    expect(found.tables[0]?.duplicates.examples).toContain(chunkId(thinned, 0));
    expect(found.tables[0]?.orphans.examples).toEqual(expect.arrayContaining(["ghost.md", thinned]));
    expect(found.repairPlan).toEqual({ surplusRows: doubledCount + 2, orphanRows: 2, documentsToReembed: 1 });
  });

  it("repairs a damaged corpus so that it checks healthy and searches return each passage once", async () => {
    await index();
    const { doubledCount, total } = await damage();
    const query = "Mitaithlai Works mining Thoustai";
    const before = (await search(query)).map((passage) => passage.chunkId);
    expect(new Set(before).size).toBeLessThan(before.length);

    const { found, repaired, after } = await repair();
    expect(found.healthy).toBe(false);
    expect(repaired).toEqual({
      surplusRowsRemoved: doubledCount + 2,
      orphanRowsDeleted: 2,
      documentsMarkedPending: { count: 1, examples: [emptied] },
    });
    expect(after.healthy).toBe(true);
    expect(after.pendingDocuments).toEqual({ count: 1, examples: [emptied] });
    expect(await check()).toEqual(after);
    const passages = await search(query);
    expect(passages.length).toBeGreaterThan(0);
    for (const retriever of ["dense", "full-text"]) {
      const ids = passages.filter((passage) => passage.retriever === retriever).map((passage) => passage.chunkId);
      expect(new Set(ids).size, retriever).toBe(ids.length);
    }

    const counting = new CountingEmbeddingModel(encoder);
    const reindexed = await index(counting);
    expect(reindexed).toMatchObject({ skipped: 3, failed: 0 });
    expect(counting.embeddedTexts).toBe(reindexed.chunks);
    const healed = await check();
    expect(healed).toMatchObject({ healthy: true, pendingDocuments: { count: 0 } });
    expect(healed.tables[0]).toMatchObject({ rows: total, expectedRows: total });
  });

  it("keeps one copy of a duplicated chunk, and marks its document for re-embedding when the copies differ", async () => {
    await index();
    const table = await activeTable();
    const [first] = await rowsOf(table, `id = ${sqlString(chunkId(rewritten, 0))}`);
    if (!first) throw new Error("no first chunk");
    await table.append([{ ...first, text: `${first.text} (an older version)` }]);

    const { repaired, after } = await repair();
    expect(repaired).toEqual({
      surplusRowsRemoved: 1,
      orphanRowsDeleted: 0,
      documentsMarkedPending: { count: 1, examples: [rewritten] },
    });
    expect(after).toMatchObject({ healthy: true, pendingDocuments: { count: 1, examples: [rewritten] } });
    const ids = await (await activeTable()).ids();
    expect(ids.filter((id) => id === chunkId(rewritten, 0))).toHaveLength(1);
  });

  it("refuses to repair while an index run holds the corpus, and a check names that run", async () => {
    await index();
    const { total } = await damage();
    const now = new Date();
    await takeLease(workspace.db, {
      corpus: "world",
      holder: "live-job",
      host: hostname(),
      pid: process.pid,
      now,
      expiresAt: new Date(now.getTime() + 60_000),
    });
    const refused = repair();
    await expect(refused).rejects.toBeInstanceOf(CorpusBusyError);
    await expect(refused).rejects.toThrow(/being indexed by job live-job/);
    const found = await check();
    expect(found.writer).toMatchObject({ holder: "live-job" });
    expect(found.tables[0]?.rows).toBeGreaterThan(total);
  });

  it("during a re-embed, counts the old table's rows of documents already moved as carried, not orphans", async () => {
    const summary = await index();
    const copy = await mkdtemp(join(tmpdir(), "recall-check-encoder-"));
    try {
      await cp(bundledModels.embedding, join(copy, "other-encoder"), { recursive: true });
      const other = await TransformersEmbeddingModel.load(join(copy, "other-encoder"));
      await index(other, { reembed: true, sources: { include: [doubled] } });
      const moved = (await chunkCounts()).get(doubled) ?? 0;
      const found = await check();
      expect(found.healthy).toBe(true);
      expect(found.tables.map(({ table, role }) => [table, role])).toEqual([
        ["world-1", "active"],
        ["world-2", "pending"],
      ]);
      expect(found.tables[0]).toMatchObject({ rows: summary.chunks, carriedRows: moved, indexedDocuments: 3 });
      expect(found.tables[1]).toMatchObject({ rows: moved, expectedRows: moved, indexedDocuments: 1, carriedRows: 0 });
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

/** Whole rows of a table, vectors as plain arrays, ready to be written again. */
async function rowsOf(table: ChunkTable, where: string): Promise<ChunkRow[]> {
  const rows = (await table.table.query().where(where).toArray()) as (Omit<ChunkRow, "vector"> & {
    vector: Iterable<number>;
  })[];
  return rows.map((row) => ({ ...row, vector: Array.from(row.vector) }));
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
