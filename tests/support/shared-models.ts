import { join } from "node:path";
import type { LoadSettings } from "../../src/models/transformers/model-source.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";
import { projectRoot } from "../../src/util/project-root.ts";

/**
 * stories260K: a real pretrained Llama-architecture model (grouped-query key/value cache, a SentencePiece tokenizer
 * with byte fallback, BOS), read from ../shared/models beside the repository, never copied into it.
 */
export const stories260KFolder = join(projectRoot, "..", "shared", "models", "stories260K");

export function loadStories260K(settings: LoadSettings = {}): Promise<TransformersLanguageModel> {
  return TransformersLanguageModel.load(stories260KFolder, settings);
}
