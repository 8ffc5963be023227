import type { EmbeddingModel } from "../src/models/embedding-model.ts";
import { ModelCallAbortedError } from "../src/models/model-errors.ts";
import type { ChunkTable } from "../src/store/chunk-table.ts";
import type { Passage } from "./passage.ts";
import { filterExpression, matchesMetadata } from "./passage-filter.ts";
import { passageColumns, type ReturnedRow, toPassage } from "./passage-row.ts";
import type { RetrieveOptions, Retriever } from "./retriever.ts";

/** How many more rows to fetch when metadata conditions are checked after the search. */
const metadataOverfetch = 10;

/** Nearest neighbours of the query's embedding by cosine similarity; the score is the similarity. */
export class DenseRetriever implements Retriever {
  readonly mode = "dense" as const;

  constructor(
    private readonly table: ChunkTable,
    private readonly model: EmbeddingModel,
  ) {}

  get embedsAnswers(): boolean {
    return this.model.embedsAnswers === true;
  }

  async retrieve(options: RetrieveOptions): Promise<Passage[]> {
    const { embeddings } = await this.model.embed({
      texts: [options.embedText ?? options.query],
      kind: "query",
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    if (options.abortSignal?.aborted) throw new ModelCallAbortedError(this.model.modelId);
    const limit = options.filter?.metadata ? options.k * metadataOverfetch : options.k;
    let query = this.table.table
      .vectorSearch(Array.from(embeddings[0] ?? []))
      .distanceType("cosine")
      .select([...passageColumns, "_distance"])
      .limit(limit)
      .nprobes(20)
      .refineFactor(5);
    const where = filterExpression(options.filter);
    if (where) query = query.where(where);
    const rows = (await query.toArray()) as (ReturnedRow & { _distance: number })[];
    return rows
      .map((row) => toPassage(row, 1 - Number(row._distance), "dense"))
      .filter((passage) => matchesMetadata(passage, options.filter))
      .slice(0, options.k);
  }
}
