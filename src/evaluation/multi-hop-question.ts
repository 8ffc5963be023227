import { z } from "zod";
import { contextParagraphsOf } from "../../indexers/loaders/context-paragraphs.ts";

/** The published multi-hop question sets whose records name the paragraphs that answer them. */
export type MultiHopDataset = "hotpotqa" | "2wikimultihopqa" | "musique";

/** A multi-hop question with the ids of the documents (context paragraphs) that support its answer. */
export interface MultiHopQuestion {
  readonly dataset: MultiHopDataset;
  readonly id: string;
  readonly question: string;
  /** Document ids as `recall index` gives them to the record's paragraphs (see `contextParagraphsOf`). */
  readonly supporting: readonly string[];
  /** Whether the record carries its context paragraphs, so that the file can be indexed as the corpus. */
  readonly hasParagraphs: boolean;
}

/** HotpotQA as Hugging Face datasets publishes it: `supporting_facts: {title: [...], sent_id: [...]}`. */
const datasetsQuestion = z.object({
  id: z.string(),
  question: z.string(),
  supporting_facts: z.object({ title: z.array(z.string()) }),
});
/** HotpotQA's and 2WikiMultihopQA's own release: `_id`, `supporting_facts: [[title, sentence id], ...]`. */
const releasedQuestion = z.object({
  _id: z.string(),
  question: z.string(),
  supporting_facts: z.array(z.tuple([z.string()], z.unknown())),
});
/** MuSiQue: `id`, and `paragraphs` each saying whether it supports the answer (`is_supporting`). */
const musiqueQuestion = z.object({ id: z.string(), question: z.string(), paragraphs: z.array(z.unknown()) });

/**
 * Reads a multi-hop question record as published: HotpotQA (Hugging Face datasets' shape or the original release's),
 * 2WikiMultihopQA (the original release's shape, with `evidences`) or MuSiQue. The supporting documents are the
 * supporting facts' titles (HotpotQA, 2WikiMultihopQA) or the paragraphs marked `is_supporting` (MuSiQue, identified
 * by title and text). Undefined for a record in none of these shapes; a `problem` for one whose context paragraphs
 * are malformed.
 */
export function multiHopQuestionOf(record: unknown): MultiHopQuestion | { readonly problem: string } | undefined {
  if (record === null || typeof record !== "object" || Array.isArray(record)) return undefined;
  const question = questionOf(record as Readonly<Record<string, unknown>>);
  if (question === undefined) return undefined;
  const context = contextParagraphsOf(record as Readonly<Record<string, unknown>>);
  if (context && "problem" in context) return { problem: context.problem };
  const paragraphs = context?.paragraphs ?? [];
  const supporting =
    question.supporting ?? paragraphs.filter((paragraph) => paragraph.supporting).map((paragraph) => paragraph.id);
  return { ...question, supporting, hasParagraphs: paragraphs.length > 0 };
}

/** The question, and its supporting documents where the record names them apart from its paragraphs. */
function questionOf(
  record: Readonly<Record<string, unknown>>,
): (Pick<MultiHopQuestion, "dataset" | "id" | "question"> & { supporting?: string[] }) | undefined {
  const datasets = datasetsQuestion.safeParse(record);
  if (datasets.success) {
    const { id, question, supporting_facts } = datasets.data;
    return { dataset: "hotpotqa", id, question, supporting: distinct(supporting_facts.title) };
  }
  const released = releasedQuestion.safeParse(record);
  if (released.success) {
    const { _id: id, question, supporting_facts } = released.data;
    const dataset = "evidences" in record ? "2wikimultihopqa" : "hotpotqa";
    return { dataset, id, question, supporting: distinct(supporting_facts.map(([title]) => title)) };
  }
  const musique = musiqueQuestion.safeParse(record);
  if (musique.success) return { dataset: "musique", id: musique.data.id, question: musique.data.question };
  return undefined;
}

function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
