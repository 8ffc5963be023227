import type { Database } from "../src/db/database.ts";
import { markIndexed } from "../src/db/document-records.ts";
import type { EmbeddingModel } from "../src/models/embedding-model.ts";
import { type ChunkRow, chunkId } from "../src/store/chunk-row.ts";
import type { ChunkTable } from "../src/store/chunk-table.ts";
import type { Chunk } from "./chunker.ts";
import type { SourceDocument } from "./source-document.ts";

/** A chunk waiting to be embedded and written. */
export interface PendingChunk {
  readonly document: SourceDocument;
  readonly chunk: Chunk;
  /** The document's last chunk: once it is written, the document is indexed. */
  readonly last: boolean;
  /**
   * The table holds no rows of this document, so a plain append is enough. Otherwise its chunks replace the rows it
   * has, and its rows past its last chunk (an older, longer version) go.
   */
  readonly fresh: boolean;
}

export interface ChunkWriterOptions {
  readonly table: ChunkTable;
  readonly model: EmbeddingModel;
  readonly db: Database;
  readonly corpus: string;
  /** Chunks per embedding call. */
  readonly embedBatchSize: number;
  /** Rows per table write: fewer, larger writes make fewer table versions. */
  readonly writeBatchSize: number;
  readonly onEmbedded: (count: number) => void;
}

/** What the chunk's vector is made from: the text, with the title in front when the text does not name it. */
export function embeddingText(document: SourceDocument, chunk: Chunk): string {
  return chunk.text.includes(document.title) ? chunk.text : `${document.title}\n${chunk.text}`;
}

/**
 * Embeds chunks in batches and writes them in larger batches, the write of one batch running while the next is
 * embedded. A write holds whole documents (unless one document alone fills it), so that a reader never sees a
 * document half old and half new; a shorter new version's leftover chunks are deleted right after it is written.
 * A document is marked indexed in SQL only after the write that holds its last chunk.
 */
export class ChunkWriter {
  private readonly queue: PendingChunk[] = [];
  private rows: { row: ChunkRow; item: PendingChunk }[] = [];
  private writing: Promise<void> | undefined;
  private writeFailure: { error: unknown } | undefined;

  constructor(private readonly options: ChunkWriterOptions) {}

  /** Queues a document's chunks; embeds (and starts writes) as batches fill. */
  async add(items: readonly PendingChunk[]): Promise<void> {
    this.queue.push(...items);
    while (this.queue.length >= this.options.embedBatchSize)
      await this.embedBatch(this.queue.splice(0, this.options.embedBatchSize));
  }

  /** Embeds and writes everything still queued, and waits for every write. */
  async finish(): Promise<void> {
    while (this.queue.length > 0) await this.embedBatch(this.queue.splice(0, this.options.embedBatchSize));
    await this.startWrite(true);
    await this.settle();
  }

  private async embedBatch(batch: readonly PendingChunk[]): Promise<void> {
    const texts = batch.map((item) => embeddingText(item.document, item.chunk));
    const { embeddings } = await this.options.model.embed({ texts, kind: "passage" });
    batch.forEach((item, index) => {
      this.rows.push({ row: toRow(item, texts[index] as string, embeddings[index]), item });
    });
    this.options.onEmbedded(batch.length);
    if (this.rows.length >= this.options.writeBatchSize) await this.startWrite();
  }

  /** Writes the rows up to the last whole document (all of them when `finish` asks, or when no document ended). */
  private async startWrite(everything = false): Promise<void> {
    await this.settle();
    if (this.rows.length === 0) return;
    const ended = this.rows.findLastIndex(({ item }) => item.last);
    const cut = everything || ended === -1 ? this.rows.length : ended + 1;
    const rows = this.rows.slice(0, cut);
    this.rows = this.rows.slice(cut);
    this.writing = this.write(rows).catch((error: unknown) => {
      this.writeFailure = { error };
    });
  }

  /** Waits for a write under way to end, whatever its outcome (a run that failed, before it lets go of the corpus). */
  async abandon(): Promise<void> {
    this.queue.length = 0;
    this.rows = [];
    await this.writing?.catch(() => {});
    this.writing = undefined;
  }

  private async settle(): Promise<void> {
    if (this.writing) await this.writing;
    this.writing = undefined;
    if (this.writeFailure) throw this.writeFailure.error;
  }

  private async write(rows: readonly { row: ChunkRow; item: PendingChunk }[]): Promise<void> {
    const { table } = this.options;
    const starts = new Set(rows.filter(({ item }) => item.chunk.index === 0).map(({ item }) => item.document.id));
    // A new version held whole by this write replaces the old one, leftover chunks included, in one commit.
    const replaced = new Set(
      rows
        .filter(({ item }) => item.last && !item.fresh && starts.has(item.document.id))
        .map(({ item }) => item.document.id),
    );
    await table.append(rows.filter(({ item }) => item.fresh).map(({ row }) => row));
    await table.upsert(rows.filter(({ item }) => !item.fresh && !replaced.has(item.document.id)).map(({ row }) => row));
    await table.replaceDocuments(
      rows.filter(({ item }) => replaced.has(item.document.id)).map(({ row }) => row),
      [...replaced],
    );
    // A document too long for one write: its leftover chunks go once its last one is written.
    for (const { item } of rows) {
      if (item.last && !item.fresh && !replaced.has(item.document.id))
        await table.deleteDocumentChunks([item.document.id], item.chunk.index + 1);
    }
    const completed = rows.filter(({ item }) => item.last).map(({ item }) => item.document.id);
    await markIndexed(this.options.db, this.options.corpus, completed);
  }
}

function toRow(item: PendingChunk, searchText: string, vector: Float32Array | undefined): ChunkRow {
  const { document, chunk } = item;
  return {
    id: chunkId(document.id, chunk.index),
    document_id: document.id,
    chunk_index: chunk.index,
    title: document.title,
    text: chunk.text,
    search_text: searchText,
    uri: document.uri,
    start: chunk.start,
    end: chunk.end,
    metadata: JSON.stringify(document.metadata),
    vector: Array.from(vector ?? []),
  };
}
