import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import { readJsonRecords } from "../src/util/read-json-records.ts";
import type { SourceOptions } from "./read-sources.ts";
import { readSourceFiles } from "./read-sources.ts";

/**
 * A quick count of the documents the sources hold, for a progress bar's ETA: one per file, one per line of a JSONL
 * file, one per record of a .json file (a multi-hop question holds several paragraphs, so the count is a floor there).
 */
export async function estimateDocuments(paths: readonly string[], options: SourceOptions = {}): Promise<number> {
  let total = 0;
  for await (const file of readSourceFiles(paths, options)) {
    const extension = extname(file).toLowerCase();
    if (extension === ".json") total += await countJsonRecords(file);
    else if (extension === ".jsonl") total += await countLines(file);
    else total++;
  }
  return total;
}

async function countLines(file: string): Promise<number> {
  if ((await stat(file)).size === 0) return 0;
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    for (const byte of chunk as Buffer) if (byte === 10) lines++;
  }
  return lines;
}

async function countJsonRecords(file: string): Promise<number> {
  let records = 0;
  try {
    for await (const _record of readJsonRecords(file)) records++;
  } catch {
    // Unreadable: indexing reports it.
  }
  return records;
}
