/**
 * Generative embeddings against the encoder, through the real `recall` command: recall@5 (and @2, @10) of the
 * supporting documents for
 *   (a) the tiny encoder on the question,
 *   (b) the tiny encoder on the generator's closed-book draft answer (HyDE, `--query draft`),
 *   (c) tiny-llm2vec-gen on the question (it embeds what the generator would answer),
 * on the world's plain and paraphrased questions and on a HotpotQA-style file. Each corpus is indexed once per
 * embedding model, with the same chunking (in each model's own tokens), into a temporary RECALL_HOME.
 *
 *   npx tsx bench/generative-retrieval.ts [--chunk-size 200] [--overlap 32] [--hotpotqa PATH] [--json]
 *
 * Prints a Markdown table (or one JSON object with --json). No timing: the figures are retrieval quality.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { bundledModels, worldFolder } from "../src/config/bundled-models.ts";
import { projectRoot } from "../src/util/project-root.ts";

const { values } = parseArgs({
  options: {
    hotpotqa: { type: "string", default: join(projectRoot, "..", "shared", "data", "hotpotqa", "dev-300.jsonl") },
    "chunk-size": { type: "string", default: "200" },
    overlap: { type: "string", default: "32" },
    json: { type: "boolean", default: false },
  },
});

const qa = (name: string) => join(worldFolder, "qa", `${name}.jsonl`);
const home = await mkdtemp(join(tmpdir(), "recall-generative-bench-"));

function recall(args: readonly string[], environment: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(projectRoot, "bin", "recall.js"), ...args],
      { env: { ...process.env, RECALL_HOME: home, ...environment }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`recall ${args.join(" ")}: ${stderr}`)) : resolve(stdout)),
    );
  });
}

const figuresSchema = z.object({ queries: z.number(), recall2: z.number(), recall5: z.number(), recall10: z.number() });

interface QuestionSet {
  readonly name: string;
  readonly dataset: string;
  readonly split?: "train" | "dev" | "test";
  readonly corpus: "world" | "hotpotqa";
}

const sets: QuestionSet[] = [
  { name: "world known", dataset: qa("known"), corpus: "world" },
  { name: "world unknown (test)", dataset: qa("unknown"), split: "test", corpus: "world" },
  { name: "world paraphrased, all", dataset: qa("paraphrased"), corpus: "world" },
  {
    name: "world paraphrased (train: known + training entities)",
    dataset: qa("paraphrased"),
    split: "train",
    corpus: "world",
  },
  { name: "world paraphrased (test)", dataset: qa("paraphrased"), split: "test", corpus: "world" },
  { name: "HotpotQA dev-300", dataset: values.hotpotqa, corpus: "hotpotqa" },
];

const methods = [
  { name: "(a) encoder, question", model: bundledModels.embedding, query: "question" },
  { name: "(b) encoder, draft (HyDE)", model: bundledModels.embedding, query: "draft" },
  { name: "(c) llm2vec-gen, question", model: bundledModels.generativeEmbedding, query: "question" },
] as const;

const corpusName = (corpus: string, model: string) =>
  `${corpus}-${model === bundledModels.embedding ? "encoder" : "generative"}`;

try {
  const chunking = ["--chunk-size", values["chunk-size"], "--overlap", values.overlap];
  for (const model of [bundledModels.embedding, bundledModels.generativeEmbedding]) {
    for (const [corpus, path] of [
      ["world", join(worldFolder, "corpus")],
      ["hotpotqa", values.hotpotqa],
    ] as const) {
      await recall(["index", path, "--corpus", corpusName(corpus, model), "--model", model, ...chunking]);
    }
  }
  const results: Record<string, Record<string, z.infer<typeof figuresSchema>>> = {};
  for (const set of sets) {
    results[set.name] = {};
    for (const method of methods) {
      const output = await recall(
        [
          "eval",
          "retrieval",
          "--dataset",
          set.dataset,
          "--corpus",
          corpusName(set.corpus, method.model),
          "--mode",
          "dense",
          "--query",
          method.query,
          ...(set.split ? ["--split", set.split] : []),
          "--json",
        ],
        { RECALL_EMBEDDING_MODEL: method.model },
      );
      (results[set.name] as Record<string, z.infer<typeof figuresSchema>>)[method.name] = figuresSchema.parse(
        JSON.parse(output),
      );
    }
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(results, null, 1)}\n`);
  } else {
    const header = `| questions | n | ${methods.map((method) => method.name).join(" | ")} |`;
    const rule = `| --- | --- | ${methods.map(() => "---").join(" | ")} |`;
    const rows = sets.map((set) => {
      const row = results[set.name] ?? {};
      const cells = methods.map((method) => {
        const figures = row[method.name];
        return figures
          ? `${figures.recall5.toFixed(3)} (R@2 ${figures.recall2.toFixed(3)}, R@10 ${figures.recall10.toFixed(3)})`
          : "";
      });
      return `| ${set.name} | ${row[methods[0].name]?.queries ?? 0} | ${cells.join(" | ")} |`;
    });
    process.stdout.write(
      `recall@5 of the supporting documents, dense search\n\n${[header, rule, ...rows].join("\n")}\n`,
    );
  }
} finally {
  await rm(home, { recursive: true, force: true });
}
