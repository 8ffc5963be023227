import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import type { SourceOptions } from "./read-sources.ts";
import { readSourceFiles } from "./read-sources.ts";

/**
 * A quick count of the documents the sources hold, for a progress bar's ETA: one per file, one per line of a JSONL
 * file (a HotpotQA-style line holds several, so the count is a floor there).
 */
export async function estimateDocuments(paths: readonly string[], options: SourceOptions = {}): Promise<number> {
  let total = 0;
  for await (const file of readSourceFiles(paths, options)) {
    if (extname(file).toLowerCase() !== ".jsonl") {
      total++;
      continue;
    }
    if ((await stat(file)).size === 0) continue;
    for await (const chunk of createReadStream(file)) {
      for (const byte of chunk as Buffer) if (byte === 10) total++;
    }
  }
  return total;
}
