import { bundledModels } from "../../src/config/bundled-models.ts";
import type { EmbeddingSettings } from "../../src/models/transformers/transformers-embedding-model.ts";
import { TransformersEmbeddingModel } from "../../src/models/transformers/transformers-embedding-model.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";
import { TransformersReranker } from "../../src/models/transformers/transformers-reranker.ts";

/** The bundled tiny generator, loaded through the same adapter users run. */
export function loadTinyLanguageModel(): Promise<TransformersLanguageModel> {
  return TransformersLanguageModel.load(bundledModels.language);
}

/** The bundled tiny encoder, loaded through the same adapter users run. */
export function loadTinyEmbeddingModel(settings: EmbeddingSettings = {}): Promise<TransformersEmbeddingModel> {
  return TransformersEmbeddingModel.load(bundledModels.embedding, settings);
}

/** The bundled tiny cross-encoder, loaded through the same adapter users run. */
export function loadTinyReranker(): Promise<TransformersReranker> {
  return TransformersReranker.load(bundledModels.reranker);
}
