import { join } from "node:path";
import { projectRoot } from "../util/project-root.ts";

/** The tiny models trained on the tiny world, committed in fixtures/models so that everything runs offline. */
export const bundledModels = {
  language: join(projectRoot, "fixtures", "models", "tiny-lm"),
  embedding: join(projectRoot, "fixtures", "models", "tiny-encoder"),
  reranker: join(projectRoot, "fixtures", "models", "tiny-reranker"),
  /** LLM2Vec-Gen special tokens and head trained on the frozen tiny-lm (an alternative embedding model). */
  generativeEmbedding: join(projectRoot, "fixtures", "models", "tiny-llm2vec-gen"),
} as const;

/** The tiny world: corpus, question sets and facts. */
export const worldFolder = join(projectRoot, "fixtures", "world");
