import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { z } from "zod";
import { DatasetError } from "./retrieval-dataset.ts";

/** A question with its gold answers; no answers means it cannot be answered and the right output is to abstain. */
export interface EvaluationQuestion {
  readonly id: string;
  readonly question: string;
  readonly answers: readonly string[];
  /** The set it came from (the file name, or the world's kind: known, unknown, absent, two-hop). */
  readonly kind: string;
}

const worldLine = z.object({
  id: z.string(),
  question: z.string().min(1),
  answers: z.array(z.string()),
  kind: z.string(),
  split: z.enum(["train", "dev", "test"]),
});
const hotpotLine = z.object({ id: z.string(), question: z.string().min(1), answer: z.string() });

/**
 * Reads question files: the tiny world's (qa/*.jsonl; `split` keeps one split, though the known facts, all learned
 * in training, are always kept) or HotpotQA-style lines (`question`, `answer`). A bad line fails with its place.
 */
export async function readAskDataset(
  paths: readonly string[],
  options: { split?: "train" | "dev" | "test" } = {},
): Promise<EvaluationQuestion[]> {
  const questions: EvaluationQuestion[] = [];
  for (const path of paths) {
    const lines = (await readFile(path, "utf8")).split("\n");
    lines.forEach((line, index) => {
      if (line.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new DatasetError(`${path} line ${index + 1} is not JSON.`);
      }
      const world = worldLine.safeParse(value);
      if (world.success) {
        const { id, question, answers, kind, split } = world.data;
        if (options.split && kind !== "known" && split !== options.split) return;
        questions.push({ id, question, answers, kind });
        return;
      }
      const hotpot = hotpotLine.safeParse(value);
      if (hotpot.success) {
        questions.push({ ...hotpot.data, answers: [hotpot.data.answer], kind: basename(path, ".jsonl") });
        return;
      }
      throw new DatasetError(
        `${path} line ${index + 1} is neither a world question (id, question, answers, kind, split) nor a HotpotQA-style one (id, question, answer).`,
      );
    });
  }
  return questions;
}
