/**
 * Search latency: `POST /v1/search` through a running `recall serve` against the same retrieval called in-process,
 * in the same run, over a corpus of 100,000 chunks (prose from worlds of the tiny-world generator, embedded with the
 * bundled encoder, IVF-PQ and full-text indexes built as `recall index` builds them).
 *
 *   npx tsx bench/search-latency.ts [--chunks 100000] [--requests 300] [--connections 1]
 *
 * The corpus is built once into .cache/bench/search-latency and reused. HTTP load comes from autocannon, one
 * connection by default so that both sides measure one request at a time. Prints one JSON object: p50 and p99 per
 * mode, in-process and over HTTP, and their ratio. Shared machines are noisy: read the ratios.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { indexCorpus } from "../indexers/index-corpus.ts";
import { openRetriever, readCorpusToSearch } from "../retrievers/open-retriever.ts";
import type { RetrievalMode } from "../retrievers/passage.ts";
import type { Retriever } from "../retrievers/retriever.ts";
import { buildWorld } from "../scripts/world/build-world.ts";
import { writeDocument } from "../scripts/world/prose.ts";
import { writeQuestions } from "../scripts/world/questions.ts";
import { openWorkspace, type Workspace } from "../src/app/open-workspace.ts";
import { bundledModels } from "../src/config/bundled-models.ts";
import { findCorpus } from "../src/db/corpus-records.ts";
import { TransformersEmbeddingModel } from "../src/models/transformers/transformers-embedding-model.ts";
import { projectRoot } from "../src/util/project-root.ts";
import { SeededRandom } from "../src/util/seeded-random.ts";

const { values } = parseArgs({
  options: {
    chunks: { type: "string", default: "100000" },
    requests: { type: "string", default: "300" },
    connections: { type: "string", default: "1" },
  },
});
const targetChunks = Number(values.chunks);
const requests = Number(values.requests);
const connections = Number(values.connections);
const home = join(projectRoot, ".cache", "bench", `search-latency-${targetChunks}`);
const corpus = "bench";
const modes: readonly RetrievalMode[] = ["dense", "full-text", "hybrid"];

/** One paragraph per chunk: paragraphs of generated worlds, one JSONL record each, until there are enough. */
async function writeCorpus(path: string): Promise<string[]> {
  const stream = createWriteStream(`${path}.partial`);
  const questions: string[] = [];
  let written = 0;
  for (let seed = 9000; written < targetChunks; seed++) {
    const world = buildWorld(seed);
    const prose = new SeededRandom(seed + 1);
    for (const entity of world.entities) {
      const document = writeDocument(prose, world, entity);
      for (const [index, paragraph] of document.paragraphs.entries()) {
        if (written >= targetChunks) break;
        const record = { _id: `${seed}-${entity.id}-${index}`, title: document.title, text: paragraph };
        if (!stream.write(`${JSON.stringify(record)}\n`))
          await new Promise<void>((done) => stream.once("drain", () => done()));
        written++;
      }
    }
    if (questions.length < 1000) {
      const sets = writeQuestions(new SeededRandom(seed + 2), world);
      questions.push(...sets.unknown.slice(0, 200).map((record) => record.question));
    }
  }
  await new Promise<void>((done) => stream.end(() => done()));
  await rename(`${path}.partial`, path);
  return questions;
}

/** Writes the corpus once, then indexes it (incremental: a finished index is only checked, a killed one resumes). */
async function prepare(model: TransformersEmbeddingModel): Promise<{ workspace: Workspace; questions: string[] }> {
  const source = join(home, "corpus.jsonl");
  const written = existsSync(source);
  if (!written) await mkdir(home, { recursive: true });
  const questions = written ? await questionsOnly() : await writeCorpus(source);
  const workspace = await openWorkspace({ home });
  const started = performance.now();
  const summary = await indexCorpus(
    { db: workspace.db, store: workspace.store },
    { corpus, paths: [source], embeddingModel: model, chunkSize: 200, overlap: 0 },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stderr.write(
    `corpus ready: ${summary.embedded} chunks embedded, ${summary.skipped} unchanged, ${seconds} s\n`,
  );
  return { workspace, questions };
}

async function questionsOnly(): Promise<string[]> {
  const questions: string[] = [];
  for (let seed = 9000; questions.length < 1000; seed++) {
    const sets = writeQuestions(new SeededRandom(seed + 2), buildWorld(seed));
    questions.push(...sets.unknown.slice(0, 200).map((record) => record.question));
  }
  return questions;
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

/** Times `count` retrievals called in-process (the same retriever the server opens), in ms. */
async function inProcess(retriever: Retriever, questions: string[], count: number, offset: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await retriever.retrieve({ query: questions[(offset + index) % questions.length] ?? "", k: 10 });
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** Sends `count` requests through autocannon and times each from autocannon's own per-request clock (ms). */
async function overHttp(url: string, mode: RetrievalMode, questions: string[], count: number, offset: number) {
  const bodies = questions.map((query) => JSON.stringify({ query, corpus, k: 10, mode }));
  let next = offset;
  return new Promise<number[]>((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: `${url}/v1/search`,
        connections,
        amount: count,
        method: "POST",
        headers: { "content-type": "application/json" },
        requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
      },
      (error, result) => {
        if (error) reject(error);
        else if (result.non2xx > 0 || result.errors > 0)
          reject(new Error(`${result.non2xx} non-2xx responses, ${result.errors} errors`));
        else resolve(latencies);
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/**
 * In-process and HTTP in alternating rounds, so that a change in the machine's load during the run falls on both
 * sides alike; the first round of each warms up and is not counted.
 */
async function compare(retriever: Retriever, url: string, mode: RetrievalMode, questions: string[]) {
  const rounds = 6;
  const perRound = Math.ceil(requests / (rounds - 1));
  const local: number[] = [];
  const http: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const offset = round * perRound;
    const localRound = await inProcess(retriever, questions, perRound, offset);
    const httpRound = await overHttp(url, mode, questions, perRound, offset);
    if (round === 0) continue;
    local.push(...localRound);
    http.push(...httpRound);
  }
  const sort = (values: number[]) => values.sort((left, right) => left - right);
  return { local: sort(local), http: sort(http) };
}

async function startServe(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [join(projectRoot, "bin", "recall.js"), "serve", "--port", "0", "--home", home],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const listen = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on("data", listen);
    child.stderr.on("data", listen);
    child.once("exit", (code) => reject(new Error(`recall serve exited with ${code}: ${seen}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

const model = await TransformersEmbeddingModel.load(bundledModels.embedding);
const { workspace, questions } = await prepare(model);
const server = await startServe();
const results: Record<string, unknown> = {};
try {
  for (const mode of modes) {
    const retriever = await openRetriever({
      store: workspace.store,
      corpus: await readCorpusToSearch(workspace.db, corpus),
      mode,
      embeddingModel: model,
    });
    const { local, http } = await compare(retriever, server.url, mode, questions);
    const round = (value: number): number => Math.round(value * 100) / 100;
    const [localP50, localP99, httpP50, httpP99] = [
      percentile(local, 0.5),
      percentile(local, 0.99),
      percentile(http, 0.5),
      percentile(http, 0.99),
    ];
    results[mode] = {
      inProcessMs: { p50: round(localP50), p99: round(localP99) },
      httpMs: { p50: round(httpP50), p99: round(httpP99) },
      p50Ratio: round(httpP50 / localP50),
      p99Ratio: round(httpP99 / localP99),
    };
  }
} finally {
  server.stop();
  workspace.close();
}
const chunks = (await findCorpusChunks()) ?? targetChunks;
process.stdout.write(`${JSON.stringify({ chunks, requests, connections, modes: results }, null, 2)}\n`);

async function findCorpusChunks(): Promise<number | undefined> {
  const reopened = await openWorkspace({ home });
  try {
    const record = await findCorpus(reopened.db, corpus);
    if (!record) return undefined;
    return (await reopened.store.table(record.activeTable, record.dimensions)).table.countRows();
  } finally {
    reopened.close();
  }
}
