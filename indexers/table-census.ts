import type { DocumentPlacement } from "../src/db/document-records.ts";
import { chunkId } from "../src/store/chunk-row.ts";
import type { ChunkKeys } from "../src/store/chunk-table.ts";

/** How many ids a report names for each kind of problem; the counts are always whole. */
export const exampleLimit = 10;

/** Which of a corpus's tables: the one that answers queries, or the one a re-embed or re-chunk is filling. */
export type TableRole = "active" | "pending";

/** What a check found in one table of a corpus, against the documents the SQL records place in it. */
export interface TableCheck {
  readonly table: string;
  readonly role: TableRole;
  /** False while no index run has created the table. */
  readonly exists: boolean;
  readonly rows: number;
  /** Indexed documents recorded in this table. */
  readonly indexedDocuments: number;
  /** Their chunks: the rows a healthy table holds for them. */
  readonly expectedRows: number;
  /** Chunk ids on more than one row, and the rows past the first of each: duplicate passages in every search. */
  readonly duplicates: { readonly chunks: number; readonly surplusRows: number; readonly examples: readonly string[] };
  /** Rows of a document the corpus does not have, or past their document's last chunk. */
  readonly orphans: {
    readonly rows: number;
    readonly unknownDocuments: number;
    readonly pastLastChunk: number;
    readonly examples: readonly string[];
  };
  /** Indexed documents some of whose chunks have no row: they must be embedded again. */
  readonly missing: { readonly documents: number; readonly chunks: number; readonly examples: readonly string[] };
  /** Documents recorded in this table whose chunks are not all written yet (status pending). */
  readonly pendingDocuments: number;
  /** Rows of documents the corpus records in its other table: during a re-embed, the old vectors that still serve. */
  readonly carriedRows: number;
}

/**
 * Counts a table's rows against the documents recorded in it, fed the rows' places a batch at a time. It keeps one
 * counter per chunk of each document it meets (not the rows), so a table of millions of rows is checked in little
 * memory; what it finds, it can list again for a repair.
 */
export class TableCensus {
  private rows = 0;
  private readonly recorded = new Map<string, DocumentPlacement>();
  private readonly known = new Set<string>();
  /** Rows per chunk index of each recorded document met in the table. */
  private readonly copies = new Map<string, Uint32Array>();
  /** The same for documents recorded in the other table, whose chunk counts say nothing of this one. */
  private readonly carried = new Map<string, Map<number, number>>();
  private readonly unknown = new Map<string, number>();
  private readonly pastLast = new Map<string, number>();

  constructor(
    readonly table: string,
    readonly role: TableRole,
    documents: readonly DocumentPlacement[],
  ) {
    for (const document of documents) {
      this.known.add(document.id);
      if (document.tableName === table) this.recorded.set(document.id, document);
    }
  }

  /** Counts a batch of rows. */
  count(keys: ChunkKeys): void {
    keys.documentIds.forEach((documentId, row) => {
      const chunkIndex = keys.chunkIndexes[row] ?? -1;
      this.rows++;
      const document = this.recorded.get(documentId);
      if (document) this.countRecorded(document, chunkIndex);
      else if (this.known.has(documentId)) this.countCarried(documentId, chunkIndex);
      else this.unknown.set(documentId, (this.unknown.get(documentId) ?? 0) + 1);
    });
  }

  /** What was found, as a report. */
  result(exists: boolean): TableCheck {
    let indexedDocuments = 0;
    let expectedRows = 0;
    let missingChunks = 0;
    const incomplete = this.incompleteDocuments();
    for (const document of this.recorded.values()) {
      if (document.status !== "indexed") continue;
      indexedDocuments++;
      expectedRows += document.chunkCount;
    }
    for (const id of incomplete) missingChunks += this.missingChunks(id);
    let duplicatedChunks = 0;
    let surplusRows = 0;
    const duplicateExamples: string[] = [];
    for (const duplicate of this.duplicates()) {
      duplicatedChunks++;
      surplusRows += duplicate.rows - 1;
      if (duplicateExamples.length < exampleLimit) duplicateExamples.push(duplicate.id);
    }
    let carriedRows = 0;
    for (const counts of this.carried.values()) for (const rows of counts.values()) carriedRows += rows;
    const unknownRows = sum(this.unknown.values());
    const pastLastRows = sum(this.pastLast.values());
    return {
      table: this.table,
      role: this.role,
      exists,
      rows: this.rows,
      indexedDocuments,
      expectedRows,
      duplicates: { chunks: duplicatedChunks, surplusRows, examples: duplicateExamples },
      orphans: {
        rows: unknownRows + pastLastRows,
        unknownDocuments: this.unknown.size,
        pastLastChunk: pastLastRows,
        examples: [...this.unknown.keys(), ...this.pastLast.keys()].slice(0, exampleLimit),
      },
      missing: { documents: incomplete.length, chunks: missingChunks, examples: incomplete.slice(0, exampleLimit) },
      pendingDocuments: this.pendingDocuments().length,
      carriedRows,
    };
  }

  /** Every chunk on more than one row: its id, its document, and how many rows hold it. */
  *duplicates(): Generator<{ readonly id: string; readonly documentId: string; readonly rows: number }> {
    for (const [documentId, counts] of this.copies)
      for (const [index, rows] of counts.entries())
        if (rows > 1) yield { id: chunkId(documentId, index), documentId, rows };
    for (const [documentId, counts] of this.carried)
      for (const [index, rows] of counts) if (rows > 1) yield { id: chunkId(documentId, index), documentId, rows };
  }

  /** Documents the corpus does not have that have rows here: all their rows are orphans. */
  unknownDocuments(): string[] {
    return [...this.unknown.keys()];
  }

  /** Documents with rows past their last chunk, and how many chunks they have: the rows from there on are orphans. */
  documentsPastLastChunk(): { readonly id: string; readonly chunkCount: number }[] {
    return [...this.pastLast.keys()].map((id) => ({ id, chunkCount: this.recorded.get(id)?.chunkCount ?? 0 }));
  }

  /** Indexed documents recorded in this table with chunks that have no row. */
  incompleteDocuments(): string[] {
    const incomplete: string[] = [];
    for (const document of this.recorded.values())
      if (document.status === "indexed" && this.missingChunks(document.id) > 0) incomplete.push(document.id);
    return incomplete;
  }

  /** Documents recorded in this table whose chunks are not all written (status pending). */
  pendingDocuments(): string[] {
    return [...this.recorded.values()].filter((document) => document.status === "pending").map(({ id }) => id);
  }

  /** Whether the document is recorded in this table (and so its status and chunk count speak of it). */
  records(documentId: string): boolean {
    return this.recorded.has(documentId);
  }

  private missingChunks(documentId: string): number {
    const chunkCount = this.recorded.get(documentId)?.chunkCount ?? 0;
    const counts = this.copies.get(documentId);
    if (!counts) return chunkCount;
    let missing = 0;
    for (const rows of counts) if (rows === 0) missing++;
    return missing;
  }

  private countRecorded(document: DocumentPlacement, chunkIndex: number): void {
    if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= document.chunkCount) {
      this.pastLast.set(document.id, (this.pastLast.get(document.id) ?? 0) + 1);
      return;
    }
    let counts = this.copies.get(document.id);
    if (!counts) {
      counts = new Uint32Array(document.chunkCount);
      this.copies.set(document.id, counts);
    }
    counts[chunkIndex] = (counts[chunkIndex] ?? 0) + 1;
  }

  private countCarried(documentId: string, chunkIndex: number): void {
    let counts = this.carried.get(documentId);
    if (!counts) {
      counts = new Map();
      this.carried.set(documentId, counts);
    }
    counts.set(chunkIndex, (counts.get(chunkIndex) ?? 0) + 1);
  }
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
