/**
 * Makes the LLM2Vec-Gen training rows from .cache/training/llm2vec-gen-inputs.jsonl (written by
 * build-training-data.ts), with the bundled models exactly as Recall serves them:
 * - the response: for a query, what the frozen generator writes after it (greedy, closed-book); for a passage, the
 *   passage itself (the tiny generator cannot summarise; a short paragraph is its own summary);
 * - the teacher: the tiny encoder's embedding of that response;
 * - the token ids of the input in its template, of the response, and of the response in the passage template (for
 *   the self-alignment objective), in the generator's tokenizer.
 * Writes llm2vec-gen.jsonl (one row per input) and llm2vec-gen.json (the templates) for train_tiny_llm2vec_gen.py.
 *
 *   npx tsx scripts/models/build-llm2vec-gen-data.ts [--lm FOLDER] [--encoder FOLDER] [--data FOLDER]
 */

import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AutoTokenizer } from "@huggingface/transformers";
import { z } from "zod";
import { TransformersEmbeddingModel } from "../../src/models/transformers/transformers-embedding-model.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";
import { draftAnswer } from "../../src/reasoning/draft-answer.ts";
import { BundledFormat } from "../../src/reasoning/formats/bundled-format.ts";

/** The tiny generator's own way of being asked and of being shown a passage (src/reasoning/prompt-format.ts). */
export const tinyTemplates = { query: "Question: {text}\nStep:", passage: "Passage [1]: {text}\n" } as const;

const maxInputTokens = 200;
const maxResponseTokens = 48;

const { values } = parseArgs({
  options: {
    lm: { type: "string", default: "fixtures/models/tiny-lm" },
    encoder: { type: "string", default: "fixtures/models/tiny-encoder" },
    data: { type: "string", default: ".cache/training" },
  },
});
const inputSchema = z.object({ kind: z.enum(["query", "passage"]), text: z.string().min(1) });
const inputs = (await readFile(join(values.data, "llm2vec-gen-inputs.jsonl"), "utf8"))
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => inputSchema.parse(JSON.parse(line)));

const languageModel = await TransformersLanguageModel.load(values.lm, { offline: true });
const encoder = await TransformersEmbeddingModel.load(values.encoder, { offline: true });
const tokenizer = await AutoTokenizer.from_pretrained(values.lm, { local_files_only: true });
const encode = (text: string): number[] => tokenizer.encode(text, { add_special_tokens: false });

const started = Date.now();
const responses: string[] = [];
for (const [index, input] of inputs.entries()) {
  if (input.kind === "passage") {
    responses.push(input.text);
  } else {
    const draft = await draftAnswer(
      languageModel,
      new BundledFormat(),
      { question: input.text },
      { maxTokens: maxResponseTokens },
    );
    responses.push(draft.completion.trim() || input.text);
  }
  if (index % 1000 === 0)
    process.stderr.write(`${index}/${inputs.length} ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
const { embeddings } = await encoder.embed({ texts: responses, kind: "passage" });

const rows = inputs.map((input, index) => ({
  kind: input.kind,
  text: input.text,
  response: responses[index],
  inputIds: encode(tinyTemplates[input.kind].replace("{text}", input.text)).slice(0, maxInputTokens),
  responseIds: encode(responses[index] ?? "").slice(0, maxResponseTokens),
  responsePassageIds: encode(tinyTemplates.passage.replace("{text}", responses[index] ?? "")).slice(0, maxInputTokens),
  teacher: Array.from(embeddings[index] ?? [], (value) => Math.round(value * 1e6) / 1e6),
}));
await writeFile(join(values.data, "llm2vec-gen.jsonl"), rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
await writeFile(
  join(values.data, "llm2vec-gen.json"),
  `${JSON.stringify({ templates: tinyTemplates, lm: values.lm, teacher: values.encoder, teacherModelId: encoder.modelId, dimensions: encoder.dimensions }, null, 1)}\n`,
);
process.stdout.write(`${JSON.stringify({ rows: rows.length, seconds: Math.round((Date.now() - started) / 1000) })}\n`);
