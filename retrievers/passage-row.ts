import type { Passage, RetrievalMode } from "./passage.ts";

/** The columns of a chunk row a search returns, as LanceDB hands them back. */
export interface ReturnedRow {
  readonly id: string;
  readonly document_id: string;
  readonly title: string;
  readonly text: string;
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  readonly metadata: string;
}

/** The columns a search reads (never the vector). */
export const passageColumns = ["id", "document_id", "title", "text", "uri", "start", "end", "metadata"];

/**
 * A stored uri as a client may see it: relative to what was indexed. Corpora indexed before uris were made relative
 * hold the path that was read (absolute, a file: URL, or one that climbs with ".."); such a uri becomes the file's
 * name, a JSONL record's `:line` kept, so that no server path leaves the server.
 */
export function relativeUri(uri: string): string {
  const segments = uri.split(/[\\/]/);
  const outside = /^([\\/]|[A-Za-z]:[\\/]|file:|~)/.test(uri) || segments.includes("..");
  return outside ? (segments.at(-1) ?? "") : uri;
}

/** A returned row as a Passage with the given score. */
export function toPassage(row: ReturnedRow, score: number, retriever: RetrievalMode): Passage {
  let metadata: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.metadata);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
      metadata = parsed as Record<string, unknown>;
  } catch {
    metadata = {};
  }
  return {
    chunkId: String(row.id),
    documentId: String(row.document_id),
    title: String(row.title),
    text: String(row.text),
    uri: relativeUri(String(row.uri)),
    start: Number(row.start),
    end: Number(row.end),
    score,
    retriever,
    reranked: false,
    metadata,
  };
}
