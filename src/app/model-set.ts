import type { RecallConfig } from "../config/config-schema.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { LanguageModel } from "../models/language-model.ts";
import type { Reranker } from "../models/reranker.ts";
import { lazy } from "../util/lazy.ts";
import { loadEmbeddingModel, loadLanguageModel, loadReranker } from "./load-models.ts";

/** The models a Recall uses, each loaded on first use and shared after that. */
export interface ModelSet {
  language(): Promise<LanguageModel>;
  embedding(): Promise<EmbeddingModel>;
  reranker(): Promise<Reranker>;
}

/** The configured models, loaded lazily: a command that only searches full text never loads one. */
export function configuredModels(config: RecallConfig): ModelSet {
  return {
    language: lazy(() => loadLanguageModel(config.models.language, config)),
    embedding: lazy(() => loadEmbeddingModel(config.models.embedding, config)),
    reranker: lazy(() => loadReranker(config.models.reranker, config)),
  };
}

/** Models already in hand (tests, benchmarks): each is returned as it is; a missing reranker is loaded by `reranker`. */
export function givenModels(models: {
  language: LanguageModel;
  embedding: EmbeddingModel;
  reranker: () => Promise<Reranker>;
}): ModelSet {
  return {
    language: () => Promise.resolve(models.language),
    embedding: () => Promise.resolve(models.embedding),
    reranker: lazy(models.reranker),
  };
}
