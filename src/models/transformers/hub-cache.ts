import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Whether a hub id is in transformers.js's local cache (or its local model folder), found without importing the
 * library: its default cache is `.cache` in its installed folder, and a download keeps each file under the id's own
 * path there. A model whose config.json is present loads offline (a listing asks this; the load itself still checks
 * every file).
 */
export function isCachedHubModel(id: string): boolean {
  const library = libraryFolder();
  return [join(library, ".cache", id), join(library, "models", id)].some((folder) =>
    existsSync(join(folder, "config.json")),
  );
}

let installedAt: string | undefined;

/** The installed @huggingface/transformers folder (its entry point is dist/transformers.node.*). */
function libraryFolder(): string {
  installedAt ??= dirname(dirname(createRequire(import.meta.url).resolve("@huggingface/transformers")));
  return installedAt;
}
