/**
 * What batching can save on a model: the cost of one decoding step of the bundled tiny generator (its ONNX session
 * run directly, as the batcher runs it) for batches of 1 to 32 rows over a cache of 64 and 128 positions, each as a
 * multiple of one row's step at the same width. Batching pays where a step's cost is mostly per call; where it grows
 * with rows times positions (the key/value cache each step reads, extends and returns), it saves little.
 * Then, in asks on the tiny world (in this process, the models on this thread), the rows a decoding step carries on
 * average and the share of their cache positions that is padding, with 1 client and with 8.
 *
 *   npx tsx bench/decoding-step-cost.ts [--json]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AutoModelForCausalLM, Tensor } from "@huggingface/transformers";
import { RecallApp } from "../src/app/recall-app.ts";
import { bundledModels, worldFolder } from "../src/config/bundled-models.ts";
import { loadConfig } from "../src/config/load-config.ts";
import type { DecodingEngine } from "../src/models/transformers/continuous-batcher.ts";
import { readQaSet } from "../src/world/qa-sets.ts";
import { round } from "./support/recall-process.ts";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });

interface Session {
  readonly inputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<unknown>;
}

const model = (await AutoModelForCausalLM.from_pretrained(bundledModels.language, {
  local_files_only: true,
} as never)) as unknown as { sessions: { model: Session } };
const session = model.sessions.model;

/** The inputs of one step: `rows` rows each reading one token after `width` cached positions. */
function stepInputs(rows: number, width: number): Record<string, unknown> {
  const feeds: Record<string, unknown> = {
    input_ids: new Tensor("int64", new BigInt64Array(rows).fill(5n), [rows, 1]).ort_tensor,
    attention_mask: new Tensor("int64", new BigInt64Array(rows * (width + 1)).fill(1n), [rows, width + 1]).ort_tensor,
    position_ids: new Tensor("int64", new BigInt64Array(rows).fill(BigInt(width)), [rows, 1]).ort_tensor,
  };
  for (const name of session.inputNames) {
    if (name.startsWith("past_key_values"))
      feeds[name] = new Tensor("float32", new Float32Array(rows * 8 * width * 16), [rows, 8, width, 16]).ort_tensor;
  }
  return feeds;
}

/** The mean time of one step over `runs` runs. */
async function timeSteps(feeds: Record<string, unknown>, runs: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < runs; index++) await session.run(feeds);
  return (performance.now() - started) / runs;
}

const widths = [64, 128];
const batchRows = [1, 2, 4, 8, 16, 32];
const cases = widths.flatMap((width) => batchRows.map((rows) => ({ width, rows, feeds: stepInputs(rows, width) })));
for (const { feeds } of cases) await timeSteps(feeds, 20);
// Rounds interleave the cases, so that a burst of load on the machine falls on all of them; each case's median wins.
const times = cases.map(() => [] as number[]);
for (let roundIndex = 0; roundIndex < 7; roundIndex++) {
  for (const [index, { feeds }] of cases.entries()) times[index]?.push(await timeSteps(feeds, 60));
}
const median = (values: number[]) =>
  [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? 0;

const report: Record<string, Record<string, number>> = {};
for (const width of widths) {
  const at = (rows: number) => median(times[cases.findIndex((one) => one.width === width && one.rows === rows)] ?? []);
  const row: Record<string, number> = { oneRowMs: round(at(1), 3) };
  for (const rows of batchRows.slice(1)) row[`rows${rows}`] = round(at(rows) / at(1));
  report[`width${width}`] = row;
}

/** Rows a step carries, and the share of cache positions that are padding, over 32 asks from `clients` clients. */
async function stepsInAsks(clients: number) {
  const home = await mkdtemp(join(tmpdir(), "recall-bench-steps-"));
  const base = loadConfig({ explicit: { home } });
  const app = await RecallApp.open({ ...base, runtime: { ...base.runtime, workers: false } });
  try {
    await app.corpora.index({ corpus: "world", paths: [join(worldFolder, "corpus")], chunkSize: 48, overlap: 8 });
    const engine = (await app.models.language()) as unknown as DecodingEngine;
    const step = engine.step.bind(engine);
    let steps = 0;
    let rows = 0;
    let positions = 0;
    let padded = 0;
    engine.step = (tokens, cache, lengths) => {
      steps++;
      rows += lengths.length;
      positions += lengths.reduce((sum, length) => sum + length, 0);
      padded += Math.max(...lengths) * lengths.length;
      return step(tokens, cache, lengths);
    };
    const questions = [
      ...(await readQaSet(worldFolder, "known")).slice(0, 16),
      ...(await readQaSet(worldFolder, "unknown")).filter((record) => record.split === "test").slice(0, 16),
    ].map((record) => record.question);
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < questions.length) {
          await app.ask({ question: questions[next++] as string, corpus: "world", strategy: "recall-then-retrieve" });
        }
      }),
    );
    return { rowsPerStep: round(rows / steps, 1), paddingShare: round(1 - positions / padded) };
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
}

const asks = { oneClient: await stepsInAsks(1), eightClients: await stepsInAsks(8) };
process.stdout.write(`${JSON.stringify({ ...report, asks }, null, values.json ? undefined : 2)}\n`);
