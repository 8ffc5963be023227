import { Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from "apache-arrow";

/** One row of a corpus table: a chunk with its provenance and its vector. */
export type ChunkRow = {
  /** `${documentId}#${chunkIndex}`: stable, so that re-indexing upserts instead of duplicating. */
  readonly id: string;
  readonly document_id: string;
  readonly chunk_index: number;
  readonly title: string;
  readonly text: string;
  /** Title and text together: what the full-text index searches. */
  readonly search_text: string;
  readonly uri: string;
  /** Character offsets of the chunk in its document's text. */
  readonly start: number;
  readonly end: number;
  /** The document's metadata as JSON. */
  readonly metadata: string;
  readonly vector: number[];
};

export function chunkId(documentId: string, index: number): string {
  return `${documentId}#${index}`;
}

/** The Arrow schema of a corpus table whose vectors have `dimensions` entries. */
export function chunkSchema(dimensions: number): Schema {
  return new Schema([
    new Field("id", new Utf8(), false),
    new Field("document_id", new Utf8(), false),
    new Field("chunk_index", new Int32(), false),
    new Field("title", new Utf8(), false),
    new Field("text", new Utf8(), false),
    new Field("search_text", new Utf8(), false),
    new Field("uri", new Utf8(), false),
    new Field("start", new Int32(), false),
    new Field("end", new Int32(), false),
    new Field("metadata", new Utf8(), false),
    new Field("vector", new FixedSizeList(dimensions, new Field("item", new Float32(), true)), false),
  ]);
}
