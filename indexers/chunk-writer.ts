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
  /** The table holds no rows of this document yet, so a plain append is enough (no merge by id). */
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
 * embedded. A document is marked indexed in SQL only after the write that holds its last chunk.
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
    await this.startWrite();
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

  private async startWrite(): Promise<void> {
    await this.settle();
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.writing = this.write(rows).catch((error: unknown) => {
      this.writeFailure = { error };
    });
  }

  private async settle(): Promise<void> {
    if (this.writing) await this.writing;
    this.writing = undefined;
    if (this.writeFailure) throw this.writeFailure.error;
  }

  private async write(rows: readonly { row: ChunkRow; item: PendingChunk }[]): Promise<void> {
    const fresh = rows.filter(({ item }) => item.fresh).map(({ row }) => row);
    const merged = rows.filter(({ item }) => !item.fresh).map(({ row }) => row);
    await this.options.table.append(fresh);
    await this.options.table.upsert(merged);
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
