import { CorpusNotFoundError, CorpusNotReadyError } from "../src/db/corpus-errors.ts";
import { type CorpusRecord, findCorpus } from "../src/db/corpus-records.ts";
import type { Database } from "../src/db/database.ts";
import { RecallError } from "../src/errors/recall-error.ts";
import type { EmbeddingModel } from "../src/models/embedding-model.ts";
import type { Reranker } from "../src/models/reranker.ts";
import type { ChunkStore } from "../src/store/chunk-table.ts";
import { type CountedRetriever, countSearches } from "./counted-retriever.ts";
import { DenseRetriever } from "./dense-retriever.ts";
import { FullTextRetriever } from "./full-text-retriever.ts";
import { HybridRetriever, type HybridWeights } from "./hybrid-retriever.ts";
import type { RetrievalMode } from "./passage.ts";
import { RerankingRetriever } from "./reranking-retriever.ts";
import type { Retriever } from "./retriever.ts";
import { type RetrievalHops, TwoHopRetriever } from "./two-hop-retriever.ts";

/** A dense search with an embedding model other than the one that made the corpus's vectors. */
export class QueryModelMismatchError extends RecallError {
  override readonly name = "QueryModelMismatchError";
  readonly code = "embedding_model_mismatch";
  readonly status = 409;

  constructor(
    readonly corpus: string,
    readonly corpusModel: string,
    readonly queryModel: string,
  ) {
    super(
      `Corpus "${corpus}" was embedded with ${corpusModel}, but the configured embedding model is ${queryModel}: ` +
        `its query vectors would not be comparable. Configure ${corpusModel} (RECALL_EMBEDDING_MODEL), use mode "full-text", or re-embed the corpus with --reembed --model <model>.`,
    );
  }
}

export interface OpenRetrieverOptions {
  readonly store: ChunkStore;
  /**
   * The corpus's record, read once (`readCorpusToSearch`) and given as well to whatever chooses `embeddingModel`: its
   * table and its model are then of one version, even when a re-embed switches the corpus meanwhile.
   */
  readonly corpus: CorpusRecord;
  readonly mode: RetrievalMode;
  /** Needed for dense and hybrid modes. */
  readonly embeddingModel?: EmbeddingModel;
  readonly weights?: HybridWeights;
  /** When given, the mode's passages are reordered by this cross-encoder, which reads `rerankCandidates` of them. */
  readonly reranker?: Reranker;
  readonly rerankCandidates?: number;
  /** 2: each retrieval searches a second round with the names its first round's best passage mentions (default 1). */
  readonly hops?: RetrievalHops;
}

/**
 * A corpus's record, for one search: read it once and pass it both to the choice of its embedding model and to
 * `openRetriever`. Throws `CorpusNotFoundError` (404) when there is no such corpus.
 */
export async function readCorpusToSearch(db: Database, name: string): Promise<CorpusRecord> {
  const corpus = await findCorpus(db, name);
  if (!corpus) throw new CorpusNotFoundError(name);
  return corpus;
}

/**
 * A retriever over the active table of the corpus record it is given, after checking that an index run has finished
 * writing it (else a CorpusNotReadyError), and that the embedding model is the record's own (else a
 * QueryModelMismatchError). It counts the searches it makes (each reranked when a reranker is given): one a
 * retrieval, or up to 1 + `maxBridgeNames` with two hops.
 */
export async function openRetriever(options: OpenRetrieverOptions): Promise<CountedRetriever> {
  const retriever = await openModeRetriever(options);
  const searcher = options.reranker
    ? new RerankingRetriever(retriever, options.reranker, options.rerankCandidates)
    : retriever;
  return countSearches(searcher, (counted) => (options.hops === 2 ? new TwoHopRetriever(counted) : counted));
}

async function openModeRetriever(options: OpenRetrieverOptions): Promise<Retriever> {
  const { corpus } = options;
  const table = await options.store.reader(corpus.activeTable);
  if (!table) throw new CorpusNotReadyError(corpus.name, "empty");
  const readiness = await table.readiness();
  if (readiness !== "ready") throw new CorpusNotReadyError(corpus.name, readiness);
  const fullText = new FullTextRetriever(table);
  if (options.mode === "full-text") return fullText;
  const model = options.embeddingModel;
  if (!model || model.modelId !== corpus.embeddingModel || model.dimensions !== corpus.dimensions) {
    throw new QueryModelMismatchError(corpus.name, corpus.embeddingModel, model?.modelId ?? "none");
  }
  const dense = new DenseRetriever(table, model);
  return options.mode === "dense" ? dense : new HybridRetriever(dense, fullText, options.weights);
}
