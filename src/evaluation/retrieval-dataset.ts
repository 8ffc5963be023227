import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { RecallError } from "../errors/recall-error.ts";
import { type JsonRecordEvent, readJsonRecords } from "../util/read-json-records.ts";
import { type MultiHopDataset, multiHopQuestionOf } from "./multi-hop-question.ts";
import type { Relevance } from "./ranking-metrics.ts";

/** A query with the documents that answer it. */
export interface JudgedQuery {
  readonly id: string;
  readonly text: string;
  readonly relevance: Relevance;
}

export interface RetrievalDataset {
  readonly format: "beir" | MultiHopDataset | "world";
  readonly queries: readonly JudgedQuery[];
  /** How an indexed document id is written in this dataset's judgements. */
  readonly documentKey: (indexedId: string) => string;
  /** The indexed ids a judged document may have: those that `documentKey` turns into `key`. */
  readonly indexedIds: (key: string) => readonly string[];
  /**
   * Where the judged documents can be indexed from, when they are found beside the dataset: a BEIR folder's
   * corpus.jsonl, a multi-hop question file with context paragraphs (itself), or the world's corpus folder beside its
   * questions.
   */
  readonly corpusSource?: string;
}

export class DatasetError extends RecallError {
  override readonly name = "DatasetError";
  readonly code = "invalid_dataset";
  readonly status = 400;
}

const beirQuery = z.object({ _id: z.union([z.string(), z.number()]), text: z.string() });
const worldQuestion = z.object({
  id: z.string(),
  question: z.string(),
  supportingDocuments: z.array(z.string()),
  split: z.enum(["train", "dev", "test"]).optional(),
});
/** A question with nothing saying which documents answer it (PopQA's `{id, question, possible_answers}`, say). */
const unjudgedQuestion = z.object({ question: z.string() });

/**
 * Reads a retrieval benchmark: a BEIR folder (queries.jsonl and qrels/test.tsv); a multi-hop question file as
 * published, JSON Lines or a JSON array (HotpotQA, 2WikiMultihopQA, MuSiQue: see `multiHopQuestionOf` for which
 * documents are relevant); or one of the tiny world's question files (`split` keeps only that split's questions; other
 * formats have none). Questions that name no relevant document are left out; a file with nothing but those (PopQA,
 * which has no passages) is a DatasetError, as is a record in no known shape or not JSON, named by its line or number.
 */
export async function readRetrievalDataset(
  path: string,
  options: { split?: "train" | "dev" | "test" } = {},
): Promise<RetrievalDataset> {
  if (!existsSync(path))
    throw new DatasetError(`No dataset at ${path}: give a BEIR folder or a question file (.json or .jsonl).`);
  if (statSync(path).isDirectory()) {
    if (options.split)
      throw new DatasetError(`${path} is a BEIR folder: a split applies to world question files only.`);
    return readBeir(path);
  }
  const queries: JudgedQuery[] = [];
  let format: MultiHopDataset | "world" | undefined;
  let hasParagraphs = false;
  let unjudged = 0;
  for await (const event of recordsOf(path)) {
    if (event.kind === "invalid") throw new DatasetError(`${path}: ${event.reason}.`);
    const multiHop = multiHopQuestionOf(event.value);
    const world = multiHop === undefined ? worldQuestion.safeParse(event.value) : undefined;
    if (multiHop !== undefined) {
      if ("problem" in multiHop) throw new DatasetError(`${path} ${event.place}: ${multiHop.problem}.`);
      if (format === "world") throw mixed(path, event.place, "a multi-hop question", format);
      format ??= multiHop.dataset;
      hasParagraphs ||= multiHop.hasParagraphs;
      if (multiHop.supporting.length === 0) unjudged++;
      else queries.push(judged(multiHop.id, multiHop.question, multiHop.supporting));
    } else if (world?.success) {
      if (format !== undefined && format !== "world") throw mixed(path, event.place, "a world question", format);
      format = "world";
      if (options.split && world.data.split !== options.split) continue;
      if (world.data.supportingDocuments.length === 0) unjudged++;
      else queries.push(judged(world.data.id, world.data.question, world.data.supportingDocuments));
    } else if (unjudgedQuestion.safeParse(event.value).success) {
      unjudged++;
    } else {
      throw new DatasetError(
        `${path} ${event.place} is in no known question shape: HotpotQA or 2WikiMultihopQA (id or _id, question, supporting_facts), MuSiQue (id, question, paragraphs) or a world question (id, question, supportingDocuments).`,
      );
    }
  }
  if (queries.length === 0 && unjudged > 0) throw new DatasetError(unjudgedMessage(path, unjudged));
  if (!format) throw new DatasetError(`${path} holds no questions.`);
  if (options.split && format !== "world") {
    throw new DatasetError(`${path} is a ${format} file: a split applies to world question files only.`);
  }
  if (format !== "world")
    return {
      format,
      queries,
      documentKey: (id) => id,
      indexedIds: (key) => [key],
      ...(hasParagraphs ? { corpusSource: path } : {}),
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

/** The file's records; a file that cannot be read is a DatasetError. */
async function* recordsOf(path: string): AsyncIterable<JsonRecordEvent> {
  try {
    yield* readJsonRecords(path);
  } catch (error) {
    throw new DatasetError(`${path} cannot be read (${error instanceof Error ? error.message : String(error)}).`, {
      cause: error,
    });
  }
}

function judged(id: string, text: string, relevant: readonly string[]): JudgedQuery {
  return { id, text, relevance: new Map(relevant.map((key) => [key, 1])) };
}

function mixed(path: string, place: string, what: string, format: string): DatasetError {
  return new DatasetError(
    `${path} ${place} is ${what}, and the questions before it are ${format} questions: give one dataset a file.`,
  );
}

function unjudgedMessage(path: string, questions: number): string {
  return (
    `${path} holds ${questions} question${questions === 1 ? "" : "s"} and no relevance judgements: none names the ` +
    "documents that answer it (HotpotQA's supporting_facts, MuSiQue's is_supporting paragraphs, a world question's " +
    "supportingDocuments), so retrieval cannot be measured on it. A question set without passages, such as PopQA, " +
    "has none: measure retrieval on a set that has them."
  );
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
