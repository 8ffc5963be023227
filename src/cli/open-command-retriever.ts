import type { HybridWeights } from "../../retrievers/hybrid-retriever.ts";
import { openRetriever } from "../../retrievers/open-retriever.ts";
import type { RetrievalMode } from "../../retrievers/passage.ts";
import { defaultRerankCandidates } from "../../retrievers/reranking-retriever.ts";
import type { Retriever } from "../../retrievers/retriever.ts";
import { loadEmbeddingModel, loadReranker } from "../app/load-models.ts";
import type { Workspace } from "../app/open-workspace.ts";
import type { RecallConfig } from "../config/config-schema.ts";

export interface CommandRetrieverOptions {
  readonly corpus: string;
  readonly mode: RetrievalMode;
  /** Reorder with the configured reranker, which reads this many candidates. */
  readonly rerankCandidates?: number | undefined;
  readonly weights?: HybridWeights | undefined;
}

/** A command's retriever over a corpus; the embedding model and the reranker are loaded only when needed. */
export async function openCommandRetriever(
  config: RecallConfig,
  workspace: Workspace,
  options: CommandRetrieverOptions,
): Promise<Retriever> {
  const embeddingModel =
    options.mode === "full-text" ? undefined : await loadEmbeddingModel(config.models.embedding, config);
  const reranker =
    options.rerankCandidates === undefined ? undefined : await loadReranker(config.models.reranker, config);
  return openRetriever({
    db: workspace.db,
    store: workspace.store,
    corpus: options.corpus,
    mode: options.mode,
    ...(embeddingModel ? { embeddingModel } : {}),
    ...(options.weights ? { weights: options.weights } : {}),
    ...(reranker ? { reranker, rerankCandidates: options.rerankCandidates ?? defaultRerankCandidates } : {}),
  });
}
