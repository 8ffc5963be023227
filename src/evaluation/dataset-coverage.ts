import { RecallError } from "../errors/recall-error.ts";
import { type Logger, noopLogger } from "../logging/logger.ts";
import type { RetrievalDataset } from "./retrieval-dataset.ts";

/** How many of a dataset's relevant documents a corpus holds. */
export interface DatasetCoverage {
  /** Distinct documents judged relevant (grade above 0) to some query. */
  readonly judged: number;
  /** Of those, the ones the corpus holds. */
  readonly found: number;
}

/** The corpus holds none of the documents a dataset judges relevant: every figure would be 0. */
export class DatasetNotIndexedError extends RecallError {
  override readonly name = "DatasetNotIndexedError";
  readonly code = "dataset_not_indexed";
  readonly status = 400;
  readonly corpus: string;
  readonly judged: number;

  constructor(corpus: string, judged: number, indexCommand: string) {
    super(
      `The dataset judges ${judged} document${judged === 1 ? "" : "s"} relevant, and corpus "${corpus}" holds none of them, so every figure would be 0. Index them first (${indexCommand}), or name the corpus that holds them with --corpus.`,
    );
    this.corpus = corpus;
    this.judged = judged;
  }
}

/**
 * Counts the dataset's relevant documents that the corpus holds, before any query runs: throws a
 * `DatasetNotIndexedError` when it holds none, and warns through the logger when it holds only some (the missing
 * ones count as never retrieved, lowering every figure). `findDocuments` says which of some indexed ids the corpus
 * holds; a judged document is matched through the dataset's own mapping of indexed ids (`indexedIds`).
 */
export async function checkDatasetCoverage(
  dataset: RetrievalDataset,
  options: {
    readonly corpus: string;
    readonly findDocuments: (ids: readonly string[]) => Promise<{ has(id: string): boolean }>;
    readonly logger?: Logger;
  },
): Promise<DatasetCoverage> {
  const judged = new Set<string>();
  for (const query of dataset.queries) for (const [key, grade] of query.relevance) if (grade > 0) judged.add(key);
  if (judged.size === 0) return { judged: 0, found: 0 };
  const held = await options.findDocuments([...judged].flatMap((key) => dataset.indexedIds(key)));
  const found = [...judged].filter((key) => dataset.indexedIds(key).some((id) => held.has(id))).length;
  const command = indexCommand(dataset, options.corpus);
  if (found === 0) throw new DatasetNotIndexedError(options.corpus, judged.size, command);
  if (found < judged.size) {
    const share = Math.floor((found / judged.size) * 100);
    (options.logger ?? noopLogger).warn(
      `corpus "${options.corpus}" holds ${found} of the ${judged.size} documents the dataset judges relevant (${share}%); the missing ones count as never retrieved and lower every figure. Index them (${command}) to measure them all.`,
    );
  }
  return { judged: judged.size, found };
}

/** The command that indexes the dataset's documents into the corpus; a placeholder for them when none was found. */
function indexCommand(dataset: RetrievalDataset, corpus: string): string {
  const quoted = (text: string): string => (/\s/.test(text) ? JSON.stringify(text) : text);
  return `recall index ${dataset.corpusSource === undefined ? "<the dataset's documents>" : quoted(dataset.corpusSource)} --corpus ${quoted(corpus)}`;
}
