import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChunkWriter, type PendingChunk } from "../../indexers/chunk-writer.ts";
import type { Chunk } from "../../indexers/chunker.ts";
import type { SourceDocument } from "../../indexers/source-document.ts";
import { bundledModels } from "../../src/config/bundled-models.ts";
import { TransformersEmbeddingModel } from "../../src/models/transformers/transformers-embedding-model.ts";
import type { ChunkRow } from "../../src/store/chunk-row.ts";
import { ChunkTable } from "../../src/store/chunk-table.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

/**
 * The real table, which after every write or delete records the texts a reader would see for each document: what a
 * search in another process could observe between two of the writer's commits.
 */
class ObservedChunkTableDouble extends ChunkTable {
  readonly seen: Map<string, string>[] = [];

  override async append(rows: readonly ChunkRow[]): Promise<void> {
    await super.append(rows);
    await this.observe();
  }

  override async upsert(rows: readonly ChunkRow[]): Promise<void> {
    await super.upsert(rows);
    await this.observe();
  }

  override async replaceDocuments(rows: readonly ChunkRow[], documentIds: readonly string[]): Promise<void> {
    await super.replaceDocuments(rows, documentIds);
    await this.observe();
  }

  override async deleteDocumentChunks(documentIds: readonly string[], fromIndex?: number): Promise<void> {
    await super.deleteDocumentChunks(documentIds, fromIndex);
    await this.observe();
  }

  private async observe(): Promise<void> {
    const rows = (await this.table.query().select(["document_id", "chunk_index", "text"]).toArray()) as {
      document_id: string;
      chunk_index: number;
      text: string;
    }[];
    rows.sort((left, right) => left.chunk_index - right.chunk_index);
    const texts = new Map<string, string>();
    for (const row of rows) texts.set(row.document_id, `${texts.get(row.document_id) ?? ""}[${row.text}]`);
    this.seen.push(texts);
  }
}

function documentOf(id: string, parts: readonly string[]): { document: SourceDocument; chunks: Chunk[] } {
  const text = parts.join(" ");
  let start = 0;
  const chunks = parts.map((part, index) => {
    const chunk = { index, text: part, start, end: start + part.length, tokens: 4 };
    start += part.length + 1;
    return chunk;
  });
  return { document: { id, uri: `${id}.txt`, title: id, text, metadata: {} }, chunks };
}

function pending({ document, chunks }: ReturnType<typeof documentOf>, fresh: boolean): PendingChunk[] {
  return chunks.map((chunk) => ({ document, chunk, last: chunk.index === chunks.length - 1, fresh }));
}

describe("ChunkWriter", () => {
  let encoder: TransformersEmbeddingModel;
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let table: ObservedChunkTableDouble;
  beforeAll(async () => {
    encoder = await TransformersEmbeddingModel.load(bundledModels.embedding);
  });
  beforeEach(async () => {
    workspace = await temporaryWorkspace();
    table = new ObservedChunkTableDouble((await workspace.store.table("docs-1", encoder.dimensions)).table);
  });
  afterEach(async () => {
    await workspace.dispose();
  });

  const writer = (writeBatchSize: number) =>
    new ChunkWriter({
      table,
      model: encoder,
      db: workspace.db,
      corpus: "docs",
      embedBatchSize: 2,
      writeBatchSize,
      onEmbedded: () => {},
    });

  it("replaces a document by a shorter version without a reader ever seeing it missing, mixed or doubled", async () => {
    const old = documentOf("guild", ["the old guild", "met on fridays", "in the harbour", "near the mill"]);
    const other = documentOf("market", ["the market opens", "at dawn"]);
    const first = writer(16);
    await first.add([...pending(old, true), ...pending(other, true)]);
    await first.finish();
    table.seen.length = 0;

    const changed = documentOf("guild", ["the new guild", "meets on mondays"]);
    const second = writer(16);
    await second.add(pending(changed, false));
    await second.finish();

    const oldText = "[the old guild][met on fridays][in the harbour][near the mill]";
    const newText = "[the new guild][meets on mondays]";
    expect(table.seen.length).toBeGreaterThan(0);
    for (const texts of table.seen) {
      expect([oldText, newText]).toContain(texts.get("guild"));
      expect(texts.get("market")).toBe("[the market opens][at dawn]");
    }
    expect(table.seen.at(-1)?.get("guild")).toBe(newText);
  });

  it("writes whole documents together, so that no write leaves a document half old and half new", async () => {
    const documents = ["a", "b", "c"].map((id) => documentOf(id, [`${id} one`, `${id} two`, `${id} three`]));
    const first = writer(4);
    await first.add(documents.flatMap((document) => pending(document, true)));
    await first.finish();
    for (const texts of table.seen) {
      for (const text of texts.values()) expect(text.match(/\]\[/g)?.length).toBe(2);
    }
  });
});
