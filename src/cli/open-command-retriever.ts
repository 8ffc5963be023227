import { openRetriever } from "../../retrievers/open-retriever.ts";
import type { RetrievalMode } from "../../retrievers/passage.ts";
import type { Retriever } from "../../retrievers/retriever.ts";
import type { RecallConfig } from "../config/config-schema.ts";
import { loadEmbeddingModel } from "../models/load-models.ts";
import type { Workspace } from "../workspace/open-workspace.ts";

/** A command's retriever over a corpus; the embedding model is loaded only when the mode needs it. */
export async function openCommandRetriever(
  config: RecallConfig,
  workspace: Workspace,
  corpus: string,
  mode: RetrievalMode,
): Promise<Retriever> {
  const embeddingModel = mode === "full-text" ? undefined : await loadEmbeddingModel(config.models.embedding, config);
  return openRetriever({
    db: workspace.db,
    store: workspace.store,
    corpus,
    mode,
    ...(embeddingModel ? { embeddingModel } : {}),
  });
}
