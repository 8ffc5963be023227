import { createReadStream, existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { RecallError } from "../errors/recall-error.ts";
import type { Relevance } from "./ranking-metrics.ts";

/** A query with the documents that answer it. */
export interface JudgedQuery {
  readonly id: string;
  readonly text: string;
  readonly relevance: Relevance;
}

export interface RetrievalDataset {
  readonly format: "beir" | "hotpotqa" | "world";
  readonly queries: readonly JudgedQuery[];
  /** How an indexed document id is written in this dataset's judgements. */
  readonly documentKey: (indexedId: string) => string;
  /** The indexed ids a judged document may have: those that `documentKey` turns into `key`. */
  readonly indexedIds: (key: string) => readonly string[];
  /**
   * Where the judged documents can be indexed from, when they are found beside the dataset: a BEIR folder's
   * corpus.jsonl, a HotpotQA file with context paragraphs (itself), or the world's corpus folder beside its questions.
   */
  readonly corpusSource?: string;
}

export class DatasetError extends RecallError {
  override readonly name = "DatasetError";
  readonly code = "invalid_dataset";
  readonly status = 400;
}

const beirQuery = z.object({ _id: z.union([z.string(), z.number()]), text: z.string() });
const hotpotQuestion = z.object({
  id: z.string(),
  question: z.string(),
  supporting_facts: z.object({ title: z.array(z.string()) }),
  context: z.unknown().optional(),
});
const worldQuestion = z.object({
  id: z.string(),
  question: z.string(),
  supportingDocuments: z.array(z.string()),
  split: z.enum(["train", "dev", "test"]).optional(),
});

/**
 * Reads a retrieval benchmark: a BEIR folder (queries.jsonl and qrels/test.tsv), a HotpotQA-style JSONL file
 * (the supporting titles are the relevant documents), or one of the tiny world's question files (`split` keeps only
 * that split's questions; other formats have none).
 */
export async function readRetrievalDataset(
  path: string,
  options: { split?: "train" | "dev" | "test" } = {},
): Promise<RetrievalDataset> {
  if (!existsSync(path)) throw new DatasetError(`No dataset at ${path}: give a BEIR folder or a question .jsonl file.`);
  if (statSync(path).isDirectory()) {
    if (options.split)
      throw new DatasetError(`${path} is a BEIR folder: a split applies to world question files only.`);
    return readBeir(path);
  }
  const queries: JudgedQuery[] = [];
  let format: "hotpotqa" | "world" | undefined;
  let hasContext = false;
  let number = 0;
  for await (const line of createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    number++;
    if (line.trim() === "") continue;
    const record: unknown = JSON.parse(line);
    const hotpot = hotpotQuestion.safeParse(record);
    const world = worldQuestion.safeParse(record);
    if (hotpot.success && format !== "world") {
      format = "hotpotqa";
      hasContext ||= hotpot.data.context !== undefined;
      queries.push({
        id: hotpot.data.id,
        text: hotpot.data.question,
        relevance: new Map(hotpot.data.supporting_facts.title.map((title) => [title, 1])),
      });
    } else if (world.success && format !== "hotpotqa") {
      format = "world";
      if (world.data.supportingDocuments.length === 0) continue;
      if (options.split && world.data.split !== options.split) continue;
      queries.push({
        id: world.data.id,
        text: world.data.question,
        relevance: new Map(world.data.supportingDocuments.map((id) => [id, 1])),
      });
    } else {
      throw new DatasetError(
        `${path}:${number} is neither a HotpotQA question (id, question, supporting_facts) nor a world question (id, question, supportingDocuments).`,
      );
    }
  }
  if (!format) throw new DatasetError(`${path} holds no questions.`);
  if (options.split && format !== "world") {
    throw new DatasetError(`${path} is a HotpotQA file: a split applies to world question files only.`);
  }
  if (format === "hotpotqa")
    return {
      format,
      queries,
      documentKey: (id) => id,
      indexedIds: (key) => [key],
      ...(hasContext ? { corpusSource: path } : {}),
    };
  const worldCorpus = join(dirname(path), "..", "corpus");
  return {
    format,
    queries,
    documentKey: (id) => id.replace(/\.md$/, ""),
    indexedIds: (key) => [`${key}.md`, key],
    ...(existsSync(worldCorpus) ? { corpusSource: worldCorpus } : {}),
  };
}

async function readBeir(folder: string): Promise<RetrievalDataset> {
  const queriesPath = join(folder, "queries.jsonl");
  const qrelsPath = join(folder, "qrels", "test.tsv");
  if (!existsSync(queriesPath) || !existsSync(qrelsPath))
    throw new DatasetError(`${folder} is not a BEIR folder: it needs queries.jsonl and qrels/test.tsv.`);
  const judgements = new Map<string, Map<string, number>>();
  for (const [index, line] of (await readFile(qrelsPath, "utf8")).split("\n").entries()) {
    const [queryId, documentId, grade] = line.trim().split(/\s+/);
    if (!queryId || !documentId || grade === undefined || (index === 0 && queryId === "query-id")) continue;
    const relevance = judgements.get(queryId) ?? new Map<string, number>();
    relevance.set(documentId, Number(grade));
    judgements.set(queryId, relevance);
  }
  const queries: JudgedQuery[] = [];
  for (const line of (await readFile(queriesPath, "utf8")).split("\n")) {
    if (line.trim() === "") continue;
    const query = beirQuery.parse(JSON.parse(line));
    const relevance = judgements.get(String(query._id));
    if (relevance) queries.push({ id: String(query._id), text: query.text, relevance });
  }
  const corpusPath = join(folder, "corpus.jsonl");
  return {
    format: "beir",
    queries,
    documentKey: (id) => id,
    indexedIds: (key) => [key],
    ...(existsSync(corpusPath) ? { corpusSource: corpusPath } : {}),
  };
}
