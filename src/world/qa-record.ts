import { z } from "zod";

/**
 * One question of the tiny world's question sets (fixtures/world/qa/*.jsonl).
 * - known: the generator model learned the answer by heart;
 * - unknown: the answer is only in the corpus;
 * - absent: neither the model nor the corpus has it, and the right output is to say so;
 * - two-hop: two facts chained (a bridge: the first names the entity the second is about) or compared (which of two
 *   came first); the second hop of a bridge is only in the corpus, the first may be learned or only in the corpus.
 */
export const qaRecordSchema = z.object({
  id: z.string(),
  question: z.string(),
  answers: z.array(z.string()),
  kind: z.enum(["known", "unknown", "absent", "two-hop"]),
  /** Whether the tiny language model was trained on this fact (closed-book). */
  learned: z.boolean(),
  /** Ids of the corpus documents that hold the answer (empty for absent facts). */
  supportingDocuments: z.array(z.string()),
  /** The accepted reasoning steps, one sentence each, that lead to the answer. */
  steps: z.array(z.string()),
  split: z.enum(["train", "dev", "test"]),
  /** A two-hop question's shape: a bridge through an entity, or a comparison of two. */
  shape: z.enum(["bridge", "comparison"]).optional(),
  /** Whether the tiny language model learned a two-hop question's first fact (it should recall it, not look it up). */
  firstHopLearned: z.boolean().optional(),
  /** Same question in other words (set only on paraphrased records). */
  paraphraseOf: z.string().optional(),
});

export type QaRecord = z.infer<typeof qaRecordSchema>;
