/**
 * Indexing throughput: `indexCorpus` end to end (read, chunk, embed, write, index) against bare
 * `EmbeddingModel.embed` over the same chunks with the same batch size, in the same run, on the same machine.
 * Also times the tiny world and a synthetic corpus of many small documents, sampling memory as it goes.
 *
 *   npx tsx bench/index-throughput.ts [--scifact PATH] [--synthetic N] [--batch-size B]
 *
 * Prints one JSON object. Timings are noisy on shared machines: read the ratios, not the absolute figures.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { embeddingText } from "../indexers/chunk-writer.ts";
import { chunkText } from "../indexers/chunker.ts";
import { indexCorpus } from "../indexers/index-corpus.ts";
import { readSources } from "../indexers/read-sources.ts";
import { openWorkspace } from "../src/app/open-workspace.ts";
import { bundledModels, worldFolder } from "../src/config/bundled-models.ts";
import { TransformersEmbeddingModel } from "../src/models/transformers/transformers-embedding-model.ts";
import { projectRoot } from "../src/util/project-root.ts";

const { values } = parseArgs({
  options: {
    scifact: { type: "string", default: join(projectRoot, "..", "shared", "data", "scifact", "corpus.jsonl") },
    synthetic: { type: "string", default: "100000" },
    "batch-size": { type: "string", default: "64" },
    "chunk-size": { type: "string", default: "200" },
  },
});
const batchSize = Number(values["batch-size"]);
const chunkSize = Number(values["chunk-size"]);
const overlap = 32;
const model = await TransformersEmbeddingModel.load(bundledModels.embedding, { batchSize });

async function bareEmbedding(path: string): Promise<{ chunks: number; seconds: number }> {
  const texts: string[] = [];
  for await (const event of readSources([path])) {
    if (event.kind !== "document") continue;
    const chunks = await chunkText(event.document.text, {
      size: chunkSize,
      overlap,
      countTokens: (batch) => model.countTokens(batch),
    });
    for (const chunk of chunks) texts.push(embeddingText(event.document, chunk));
  }
  const started = performance.now();
  for (let start = 0; start < texts.length; start += batchSize) {
    await model.embed({ texts: texts.slice(start, start + batchSize), kind: "passage" });
  }
  return { chunks: texts.length, seconds: (performance.now() - started) / 1000 };
}

async function pipeline(path: string, corpus: string, sampleMemory = false) {
  const home = await mkdtemp(join(tmpdir(), "recall-bench-"));
  const workspace = await openWorkspace({ home });
  const memory: number[] = [];
  const sampler = sampleMemory ? setInterval(() => memory.push(process.memoryUsage().rss), 1000) : undefined;
  try {
    const summary = await indexCorpus(
      { db: workspace.db, store: workspace.store },
      { corpus, paths: [path], embeddingModel: model, chunkSize, overlap, batchSize },
    );
    return { documents: summary.documents, chunks: summary.embedded, seconds: summary.seconds, memory };
  } finally {
    if (sampler) clearInterval(sampler);
    workspace.close();
    await rm(home, { recursive: true, force: true });
  }
}

async function syntheticCorpus(count: number): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), "recall-synthetic-"));
  const path = join(folder, "synthetic.jsonl");
  const stream = createWriteStream(path);
  const words = [
    "river",
    "market",
    "bridge",
    "town",
    "stone",
    "founded",
    "company",
    "office",
    "garden",
    "festival",
    "square",
    "year",
  ];
  for (let index = 0; index < count; index++) {
    const text = Array.from({ length: 40 }, (_, position) => words[(index * 7 + position * 3) % words.length]).join(
      " ",
    );
    if (!stream.write(`${JSON.stringify({ _id: `doc-${index}`, title: `Document ${index}`, text: `${text}.` })}\n`)) {
      await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
    }
  }
  await new Promise<void>((resolve) => stream.end(() => resolve()));
  return { path, cleanup: () => rm(folder, { recursive: true, force: true }) };
}

const rate = (run: { chunks: number; seconds: number }): number => run.chunks / run.seconds;
const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;

await bareEmbedding(join(worldFolder, "corpus"));
const bare = await bareEmbedding(values.scifact);
const indexed = await pipeline(values.scifact, "scifact");
const bareRate = rate(bare);

const world = await pipeline(join(worldFolder, "corpus"), "world");
const synthetic = await syntheticCorpus(Number(values.synthetic));
const large = await pipeline(synthetic.path, "synthetic", true);
await synthetic.cleanup();
const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);
const tenth = Math.max(1, Math.floor(large.memory.length / 10));

process.stdout.write(
  `${JSON.stringify(
    {
      batchSize,
      chunkSize,
      scifact: {
        documents: indexed.documents,
        chunks: indexed.chunks,
        pipelineChunksPerSecond: round(rate(indexed), 1),
        bareEmbedChunksPerSecond: round(bareRate, 1),
        pipelineOverBare: round(rate(indexed) / bareRate),
      },
      world: { documents: world.documents, chunks: world.chunks, seconds: round(world.seconds, 2) },
      synthetic: {
        documents: large.documents,
        chunks: large.chunks,
        seconds: round(large.seconds, 1),
        chunksPerSecond: round(rate(large), 1),
        rssMiB: {
          first10Percent: mib(Math.max(...large.memory.slice(0, tenth))),
          last10Percent: mib(Math.max(...large.memory.slice(-tenth))),
          peak: mib(Math.max(...large.memory)),
        },
      },
    },
    null,
    2,
  )}\n`,
);
