import { bundledModels } from "../../src/config/bundled-models.ts";
import {
  Llm2VecGenEmbeddingModel,
  type Llm2VecGenSettings,
} from "../../src/models/llm2vec-gen/llm2vec-gen-embedding-model.ts";
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

/** The bundled LLM2Vec-Gen model on the tiny generator, loaded through the same adapter users run. */
export function loadTinyLlm2VecGen(settings: Llm2VecGenSettings = {}): Promise<Llm2VecGenEmbeddingModel> {
  return Llm2VecGenEmbeddingModel.load(bundledModels.generativeEmbedding, settings);
}

/** The bundled tiny cross-encoder, loaded through the same adapter users run. */
export function loadTinyReranker(): Promise<TransformersReranker> {
  return TransformersReranker.load(bundledModels.reranker);
}
