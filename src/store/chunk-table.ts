import { type Connection, connect, type FtsOptions, Index, type Table } from "@lancedb/lancedb";
import { type ChunkRow, chunkSchema } from "./chunk-row.ts";
import { sqlString } from "./sql-literal.ts";

/** How long a table's old versions are kept after a write: a reader in another process may still be on one. */
export const versionRetentionMs = 60 * 60 * 1000;

/** Below this many rows an exhaustive vector search is fast enough; from here on an index is built. */
export const vectorIndexThreshold = 20_000;

/**
 * How the full-text index turns text into terms: LanceDB's defaults, named here so that an upgrade cannot change them
 * unseen (its BM25 itself is fixed at k1 1.2, b 0.75). English stems are what lift it above BM25 over plain words
 * (bench/full-text-ranking.ts: +0.015 nDCG@10 on HotpotQA dev-300, +0.027 on SciFact). Keeping stop words was
 * measured too: about 0.01 more recall@2 and @5 on HotpotQA, less at recall@10, and in a small corpus "the" and "of"
 * then outweigh the words that matter; so they are left out. No positions: nothing asks for phrases.
 */
export const fullTextIndexOptions: Partial<FtsOptions> = {
  withPosition: false,
  baseTokenizer: "simple",
  language: "English",
  lowercase: true,
  asciiFolding: true,
  stem: true,
  removeStopWords: true,
};

export interface ChunkStoreOptions {
  /** Object storage settings as LanceDB names them (aws_endpoint, aws_region, allow_http, …). */
  readonly storageOptions: Readonly<Record<string, string>>;
  readonly readConsistencyIntervalMs: number;
}

/** The LanceDB side of the store: one table of chunks per corpus (and per embedding version of a corpus). */
export class ChunkStore {
  /** Tables opened for searching, kept open: opening one per query costs more than the query. */
  private readonly readers = new Map<string, Promise<ChunkTable | undefined>>();

  private constructor(private readonly connection: Connection) {}

  /**
   * Connects to a LanceDB location: a local folder, or a URI such as s3://bucket/path with its storage options. Open
   * tables look for other processes' writes (an index run beside a server, another replica) once
   * `readConsistencyIntervalMs` has passed since they last looked (default a second; 0: at every read).
   */
  static async open(uri: string, options: Partial<ChunkStoreOptions> = {}): Promise<ChunkStore> {
    return new ChunkStore(
      await connect(uri, {
        readConsistencyInterval: (options.readConsistencyIntervalMs ?? 1000) / 1000,
        storageOptions: { ...options.storageOptions },
      }),
    );
  }

  /**
   * A table for searching, opened once and shared; undefined while it does not exist (no index run has written it).
   * Reading never creates a table.
   */
  reader(name: string): Promise<ChunkTable | undefined> {
    let opened = this.readers.get(name);
    if (!opened) {
      opened = this.existingTable(name);
      opened.then(
        (table) => {
          if (!table) this.readers.delete(name);
        },
        () => this.readers.delete(name),
      );
      this.readers.set(name, opened);
    }
    return opened;
  }

  /**
   * Makes this process's searches of a table see every write made so far, at once: an open reader otherwise looks
   * for new versions at most once a second, so a search just after a write could miss it.
   */
  async refresh(name: string): Promise<void> {
    const table = await this.readers.get(name)?.catch(() => undefined);
    await table?.table.checkoutLatest();
  }

  /**
   * Opens a table, creating it empty with the schema for `dimensions` when it does not exist. It opens the table
   * rather than list them all: on object storage a listing is a request about the whole location, at every call.
   */
  async table(name: string, dimensions: number): Promise<ChunkTable> {
    return (
      (await this.existingTable(name)) ??
      new ChunkTable(await this.connection.createEmptyTable(name, chunkSchema(dimensions), { existOk: true }))
    );
  }

  /** Opens a table; undefined when it does not exist. Any other failure (network, credentials) throws. */
  async existingTable(name: string): Promise<ChunkTable | undefined> {
    try {
      return new ChunkTable(await this.connection.openTable(name));
    } catch (error) {
      if (isTableNotFound(error, name)) return undefined;
      throw error;
    }
  }

  /** Drops a table; one that is not there (dropped meanwhile by another process) is no error. */
  async drop(name: string): Promise<void> {
    this.readers.delete(name);
    try {
      await this.connection.dropTable(name);
    } catch (error) {
      if (!isTableNotFound(error, name)) throw error;
    }
  }

  close(): void {
    this.connection.close();
  }
}

/**
 * Whether an error is LanceDB's answer that table `name` does not exist. LanceDB gives every error the same code
 * (GenericFailure), so the message tells: "Table 'name' was not found", for a folder and for object storage alike.
 */
function isTableNotFound(error: unknown, name: string): boolean {
  return error instanceof Error && error.message.startsWith(`Table '${name}' was not found`);
}

/**
 * Whether a table can answer every kind of search: `ready`, or `empty` (no rows), or `unfinished` (rows, but not the
 * full-text index that `finish` builds at the end of an index run).
 */
export type TableReadiness = "ready" | "empty" | "unfinished";

export class ChunkTable {
  /** Set once the table was found ready: later runs keep its full-text index, so it is not asked again. */
  private ready = false;

  constructor(readonly table: Table) {}

  /** Whether the table can be searched yet (see TableReadiness); once ready, it is not asked again. */
  async readiness(): Promise<TableReadiness> {
    if (this.ready) return "ready";
    const [rows, indices] = await Promise.all([this.table.countRows(), this.table.listIndices()]);
    if (rows === 0) return "empty";
    if (!indices.some((index) => index.indexType === "FTS" && index.columns.includes("search_text")))
      return "unfinished";
    this.ready = true;
    return "ready";
  }

  /** Appends rows whose ids are not in the table yet (cheaper than an upsert). */
  async append(rows: readonly ChunkRow[]): Promise<void> {
    if (rows.length > 0) await this.table.add([...rows]);
  }

  /** Inserts rows, or replaces the rows with the same ids: re-indexing never duplicates. */
  async upsert(rows: readonly ChunkRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.table
      .mergeInsert("id")
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute([...rows]);
  }

  /**
   * Writes new versions of whole documents and removes the rest of their old chunks in one commit: a reader sees each
   * document's old version or its new one, never a mix of both.
   */
  async replaceDocuments(rows: readonly ChunkRow[], documentIds: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    await this.table
      .mergeInsert("id")
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .whenNotMatchedBySourceDelete({ where: `document_id IN (${documentIds.map(sqlString).join(", ")})` })
      .execute([...rows]);
  }

  /** Removes a document's chunks from `fromIndex` on (all of them by default): what is left of a shorter new version. */
  async deleteDocumentChunks(documentIds: readonly string[], fromIndex = 0): Promise<void> {
    for (let start = 0; start < documentIds.length; start += 500) {
      const ids = documentIds
        .slice(start, start + 500)
        .map(sqlString)
        .join(", ");
      await this.table.delete(
        fromIndex > 0
          ? `document_id IN (${ids}) AND chunk_index >= ${Math.floor(fromIndex)}`
          : `document_id IN (${ids})`,
      );
    }
  }

  async count(): Promise<number> {
    return this.table.countRows();
  }

  /** All chunk ids, sorted (for checks; reads only the id column). */
  async ids(): Promise<string[]> {
    const rows = await this.table.query().select(["id"]).toArray();
    return rows.map((row) => String((row as { id: string }).id)).sort();
  }

  /**
   * Every row's document id and chunk index, a batch at a time, reading only those two columns: enough to check a
   * large table against its records without holding its text or vectors.
   */
  async *chunkKeys(): AsyncGenerator<ChunkKeys> {
    for await (const batch of this.table.query().select(["document_id", "chunk_index"])) {
      const documentIds = batch.getChild("document_id");
      const chunkIndexes = batch.getChild("chunk_index");
      if (!documentIds || !chunkIndexes) throw new Error("the table has no document_id or chunk_index column");
      yield {
        documentIds: Array.from(documentIds.toArray() as ArrayLike<unknown>, String),
        chunkIndexes: Array.from(chunkIndexes.toArray() as ArrayLike<unknown>, Number),
      };
    }
  }

  /**
   * Every row that holds one of these chunks, with its LanceDB row id and text (no vector). A row id stays valid
   * until the table is compacted, so only the corpus's writer may act on it.
   */
  async copies(ids: readonly string[]): Promise<ChunkCopy[]> {
    const copies: ChunkCopy[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const rows = await this.table
        .query()
        .withRowId()
        .select(["id", "text"])
        .where(
          `id IN (${ids
            .slice(start, start + 500)
            .map(sqlString)
            .join(", ")})`,
        )
        .toArray();
      for (const row of rows as { _rowid: bigint; id: string; text: string }[])
        copies.push({ rowId: BigInt(row._rowid), id: String(row.id), text: String(row.text) });
    }
    return copies;
  }

  /**
   * Deletes single rows, each named by its row id and, as a guard, its chunk id: the one way to remove one copy of a
   * chunk that has several. One delete per 200 rows, each atomic. Returns the rows deleted.
   */
  async deleteCopies(copies: readonly Pick<ChunkCopy, "rowId" | "id">[]): Promise<number> {
    let deleted = 0;
    for (let start = 0; start < copies.length; start += 200) {
      const predicate = copies
        .slice(start, start + 200)
        .map((copy) => `(_rowid = ${BigInt(copy.rowId).toString()} AND id = ${sqlString(copy.id)})`)
        .join(" OR ");
      deleted += (await this.table.delete(predicate)).numDeletedRows;
    }
    return deleted;
  }

  /**
   * Builds or refreshes the full-text index, builds a vector index once the table is large enough, and compacts
   * the table's files. Old versions are removed only once older than `retainVersionsMs` (default an hour): another
   * process (a server searching this corpus) may still be reading one, and removing its files would fail its reads.
   */
  async finish(options: { retainVersionsMs?: number } = {}): Promise<{ vectorIndex: boolean }> {
    const rows = await this.table.countRows();
    if (rows === 0) return { vectorIndex: false };
    await this.table.createIndex("search_text", { config: Index.fts(fullTextIndexOptions), replace: true });
    const vectorIndex = rows >= vectorIndexThreshold;
    if (vectorIndex) {
      await this.table.createIndex("vector", {
        config: Index.ivfPq({ numPartitions: Math.max(1, Math.round(Math.sqrt(rows))), distanceType: "cosine" }),
        replace: true,
      });
    }
    await this.table.optimize({
      cleanupOlderThan: new Date(Date.now() - (options.retainVersionsMs ?? versionRetentionMs)),
    });
    return { vectorIndex };
  }
}

/** A batch of rows' places: `documentIds[i]` and `chunkIndexes[i]` belong to one row. */
export interface ChunkKeys {
  readonly documentIds: readonly string[];
  readonly chunkIndexes: readonly number[];
}

/** One row holding a chunk: a duplicated chunk has several. */
export interface ChunkCopy {
  /** LanceDB's row id: valid until the next compaction of the table. */
  readonly rowId: bigint;
  readonly id: string;
  readonly text: string;
}
