import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RecordedEmbeddingSettings } from "../db/schema.ts";
import { manifestFileName } from "../models/llm2vec-gen/llm2vec-gen-manifest.ts";
import { isCachedHubModel } from "../models/transformers/hub-cache.ts";
import { resolveModelSource } from "../models/transformers/model-source.ts";

/**
 * What keeps recorded embedding settings from loading on this machine, found without loading anything: a model folder
 * that is gone, or a hub id that is not in the local cache while downloads are off. Undefined when nothing does (a
 * remote model is only a URL: it is assumed reachable).
 */
export function missingEmbeddingModel(settings: RecordedEmbeddingSettings, offline: boolean): string | undefined {
  if (settings.provider === "openai-compatible")
    return settings.baseUrl === undefined ? "it is a remote model with no recorded baseUrl" : undefined;
  const source = resolveModelSource(settings.model);
  if (source.kind === "hub")
    return offline && !isCachedHubModel(source.id)
      ? `the hub id ${source.id} is not in the local cache and downloads are off (offline)`
      : undefined;
  const marker = settings.provider === "llm2vec-gen" ? manifestFileName : "config.json";
  return existsSync(join(source.path, marker)) ? undefined : `there is no model folder at ${source.path}`;
}
