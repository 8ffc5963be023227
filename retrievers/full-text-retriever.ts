import type { ChunkTable } from "../src/store/chunk-table.ts";
import type { Passage } from "./passage.ts";
import { filterExpression, matchesMetadata } from "./passage-filter.ts";
import { passageColumns, type ReturnedRow, toPassage } from "./passage-row.ts";
import type { RetrieveOptions, Retriever } from "./retriever.ts";

const metadataOverfetch = 10;

/** BM25 over title and text, through LanceDB's full-text index; the score is the BM25 score. */
export class FullTextRetriever implements Retriever {
  readonly mode = "full-text" as const;

  constructor(private readonly table: ChunkTable) {}

  async retrieve(options: RetrieveOptions): Promise<Passage[]> {
    const terms = options.query.replace(/[^\p{L}\p{N}\s]/gu, " ").trim();
    if (terms === "") return [];
    const limit = options.filter?.metadata ? options.k * metadataOverfetch : options.k;
    let query = this.table.table
      .search(terms, "fts", "search_text")
      .select([...passageColumns, "_score"])
      .limit(limit);
    const where = filterExpression(options.filter);
    if (where) query = query.where(where);
    const rows = (await query.toArray()) as (ReturnedRow & { _score: number })[];
    return rows
      .map((row) => toPassage(row, Number(row._score), "full-text"))
      .filter((passage) => matchesMetadata(passage, options.filter))
      .slice(0, options.k);
  }
}
