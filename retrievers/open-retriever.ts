import { CorpusNotFoundError, CorpusNotReadyError } from "../src/db/corpus-errors.ts";
import { findCorpus } from "../src/db/corpus-records.ts";
import type { Database } from "../src/db/database.ts";
import { RecallError } from "../src/errors/recall-error.ts";
import type { EmbeddingModel } from "../src/models/embedding-model.ts";
import type { Reranker } from "../src/models/reranker.ts";
import type { ChunkStore } from "../src/store/chunk-table.ts";
import { DenseRetriever } from "./dense-retriever.ts";
import { FullTextRetriever } from "./full-text-retriever.ts";
import { HybridRetriever, type HybridWeights } from "./hybrid-retriever.ts";
import type { RetrievalMode } from "./passage.ts";
import { RerankingRetriever } from "./reranking-retriever.ts";
import type { Retriever } from "./retriever.ts";

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
  readonly db: Database;
  readonly store: ChunkStore;
  readonly corpus: string;
  readonly mode: RetrievalMode;
  /** Needed for dense and hybrid modes. */
  readonly embeddingModel?: EmbeddingModel;
  readonly weights?: HybridWeights;
  /** When given, the mode's passages are reordered by this cross-encoder, which reads `rerankCandidates` of them. */
  readonly reranker?: Reranker;
  readonly rerankCandidates?: number;
}

/**
 * A retriever over a corpus's active table, after checking that the corpus exists, that an index run has finished
 * writing it (else a CorpusNotReadyError), and that the models match.
 */
export async function openRetriever(options: OpenRetrieverOptions): Promise<Retriever> {
  const retriever = await openModeRetriever(options);
  return options.reranker ? new RerankingRetriever(retriever, options.reranker, options.rerankCandidates) : retriever;
}

async function openModeRetriever(options: OpenRetrieverOptions): Promise<Retriever> {
  const corpus = await findCorpus(options.db, options.corpus);
  if (!corpus) throw new CorpusNotFoundError(options.corpus);
  const table = await options.store.reader(corpus.activeTable);
  if (!table) throw new CorpusNotReadyError(options.corpus, "empty");
  const readiness = await table.readiness();
  if (readiness !== "ready") throw new CorpusNotReadyError(options.corpus, readiness);
  const fullText = new FullTextRetriever(table);
  if (options.mode === "full-text") return fullText;
  const model = options.embeddingModel;
  if (!model || model.modelId !== corpus.embeddingModel || model.dimensions !== corpus.dimensions) {
    throw new QueryModelMismatchError(options.corpus, corpus.embeddingModel, model?.modelId ?? "none");
  }
  const dense = new DenseRetriever(table, model);
  return options.mode === "dense" ? dense : new HybridRetriever(dense, fullText, options.weights);
}
