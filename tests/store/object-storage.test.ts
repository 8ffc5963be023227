import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import { openRetriever, readCorpusToSearch } from "../../retrievers/open-retriever.ts";
import { openWorkspace, type Workspace } from "../../src/app/open-workspace.ts";
import { bundledModels } from "../../src/config/bundled-models.ts";
import { TransformersEmbeddingModel } from "../../src/models/transformers/transformers-embedding-model.ts";
import { type ChunkRow, chunkId } from "../../src/store/chunk-row.ts";
import { ChunkStore, type ChunkStoreOptions } from "../../src/store/chunk-table.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { type S3Server, startS3Server } from "../support/s3-server.ts";

const corpusFolder = join(projectRoot, "fixtures", "documents", "corpus");

let server: S3Server;
let prefixes = 0;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server.stop();
});

/** A LanceDB location of its own for one test: a prefix of the bucket, or a temporary folder. */
interface Location {
  readonly uri: string;
  readonly storageOptions: Readonly<Record<string, string>>;
  remove(): Promise<void>;
}

const locations: readonly { readonly kind: string; make(): Promise<Location> }[] = [
  {
    kind: "object storage (s3rver)",
    make: async () => ({
      uri: server.uriFor(`test-${++prefixes}`),
      storageOptions: server.storageOptions,
      remove: async () => {},
    }),
  },
  {
    kind: "a local folder",
    make: async () => {
      const folder = await mkdtemp(join(tmpdir(), "recall-lancedb-"));
      return { uri: folder, storageOptions: {}, remove: () => rm(folder, { recursive: true, force: true }) };
    },
  },
];

describe.each(locations)("a ChunkStore on $kind", ({ make }) => {
  let location: Location;
  const stores: ChunkStore[] = [];
  /** A store on this test's location; each one stands for another process. */
  const open = async (options: Partial<ChunkStoreOptions> = {}) => {
    const store = await ChunkStore.open(location.uri, { storageOptions: location.storageOptions, ...options });
    stores.push(store);
    return store;
  };
  beforeEach(async () => {
    location = await make();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) store.close();
    await location.remove();
  });

  it("answers undefined for a table that does not exist, and drops one without an error", async () => {
    const store = await open();
    expect(await store.existingTable("missing")).toBeUndefined();
    await expect(store.drop("missing")).resolves.toBeUndefined();
    expect(await store.reader("missing")).toBeUndefined();
  });

  it("creates a missing table empty, and opens an existing one with its rows, from another store too", async () => {
    const writer = await open();
    const created = await writer.table("chunks", 4);
    expect(await created.count()).toBe(0);
    await created.append([row("a.txt", 0)]);
    const other = await open();
    expect(await (await other.table("chunks", 4)).ids()).toEqual(["a.txt#0"]);
    expect(await (await other.existingTable("chunks"))?.count()).toBe(1);
  });

  it("drops a table: it is not found afterwards, and a table of that name starts again empty", async () => {
    const store = await open();
    await (await store.table("chunks", 4)).append([row("a.txt", 0)]);
    await store.drop("chunks");
    expect(await store.existingTable("chunks")).toBeUndefined();
    expect(await (await store.table("chunks", 4)).count()).toBe(0);
  });

  it("shows a reader opened with readConsistencyIntervalMs 0 every row another store adds, at once", async () => {
    const writer = await open();
    const table = await writer.table("chunks", 4);
    await table.append([row("a.txt", 0)]);
    const reader = await open({ readConsistencyIntervalMs: 0 });
    expect(await (await reader.reader("chunks"))?.count()).toBe(1);
    await table.append([row("b.txt", 0)]);
    expect(await (await reader.reader("chunks"))?.count()).toBe(2);
  });

  it("keeps a reader with a long readConsistencyIntervalMs on the version it read until it is refreshed", async () => {
    const writer = await open();
    const table = await writer.table("chunks", 4);
    await table.append([row("a.txt", 0)]);
    const reader = await open({ readConsistencyIntervalMs: 60_000 });
    expect(await (await reader.reader("chunks"))?.count()).toBe(1);
    await table.append([row("b.txt", 0)]);
    expect(await (await reader.reader("chunks"))?.count()).toBe(1);
    await reader.refresh("chunks");
    expect(await (await reader.reader("chunks"))?.count()).toBe(2);
  });
});

describe("LanceDB on object storage", () => {
  it("reports an error other than a missing table (an access key the server does not know) instead of undefined", async () => {
    const store = await ChunkStore.open(server.uriFor(`test-${++prefixes}`), {
      storageOptions: { ...server.storageOptions, aws_access_key_id: "NOBODY" },
    });
    try {
      await expect(store.existingTable("chunks")).rejects.toThrow(/InvalidAccessKeyId/);
    } finally {
      store.close();
    }
  });

  describe("indexing a corpus into s3://recall/<prefix>", () => {
    let encoder: TransformersEmbeddingModel;
    let home: string;
    let workspace: Workspace;
    beforeAll(async () => {
      encoder = await TransformersEmbeddingModel.load(bundledModels.embedding);
    });
    beforeEach(async () => {
      home = await mkdtemp(join(tmpdir(), "recall-test-"));
      workspace = await openWorkspace({
        home,
        lancedbUri: server.uriFor(`test-${++prefixes}`),
        lancedb: { storageOptions: { ...server.storageOptions }, readConsistencyIntervalMs: 1000 },
      });
    });
    afterEach(async () => {
      await workspace.close();
      await rm(home, { recursive: true, force: true });
    });

    it("writes every chunk and finds the passages by full text and by vector", async () => {
      const summary = await indexCorpus(
        { db: workspace.db, store: workspace.store },
        { corpus: "docs", paths: [corpusFolder], embeddingModel: encoder, chunkSize: 24, overlap: 4 },
      );
      expect(summary).toMatchObject({ documents: 4, failed: 0, table: "docs-1" });
      expect(await (await workspace.store.existingTable("docs-1"))?.count()).toBe(summary.chunks);

      const corpus = await readCorpusToSearch(workspace.db, "docs");
      const fullText = await openRetriever({ store: workspace.store, corpus, mode: "full-text" });
      const [bakers] = await fullText.retrieve({ query: "rye bread and honey cakes", k: 1 });
      expect(bakers?.documentId).toBe("notes/market.txt");
      expect(bakers?.text).toContain("honey cakes");

      const dense = await openRetriever({ store: workspace.store, corpus, mode: "dense", embeddingModel: encoder });
      const [nearest] = await dense.retrieve({ query: bakers?.text ?? "", k: 1 });
      expect(nearest?.chunkId).toBe(bakers?.chunkId);
    });
  });
});

/** A chunk row with a 4-dimensional vector. */
function row(documentId: string, chunkIndex: number): ChunkRow {
  const text = `chunk ${chunkIndex} of ${documentId}`;
  return {
    id: chunkId(documentId, chunkIndex),
    document_id: documentId,
    chunk_index: chunkIndex,
    title: documentId,
    text,
    search_text: text,
    uri: `file:///${documentId}`,
    start: 0,
    end: text.length,
    metadata: "{}",
    vector: [1, 0, 0, chunkIndex],
  };
}
