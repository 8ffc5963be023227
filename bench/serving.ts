/**
 * Serving many users at once: `recall serve` (the compiled CLI, the bundled models, the tiny world) under load, with
 * its models in worker threads (the default) and, in the same run, on the main thread (`runtime.workers: false`),
 * so that every figure is a ratio of two measurements taken side by side on the same machine.
 *
 *   npm run build && npx tsx bench/serving.ts [--seconds 8] [--json]
 *
 * - event loop: /healthz p99 while 4 clients ask without pause, divided by its p99 on an idle server (goal <= 3),
 *   both timed by a separate probe process;
 * - batching: asks a second with 8 clients divided by asks a second with 1 (goal >= 3);
 * - overload: 64 clients against a small queue (runtime.maxQueuedRequests 4): how many asks were refused with 429
 *   (and Retry-After), answered, failed with a 5xx or timed out, and the server's RSS before and after.
 * Every request goes to 127.0.0.1 on a server this script starts and stops; every loop is bounded in time.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { worldFolder } from "../src/config/bundled-models.ts";
import { readQaSet } from "../src/world/qa-sets.ts";
import {
  residentMiB,
  round,
  runRecall,
  type ServerProcess as Server,
  serveRecall,
  stopServer,
} from "./support/recall-process.ts";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "8" }, json: { type: "boolean", default: false } },
});
const seconds = Number(values.seconds);

/**
 * The p99 of `count` /healthz round trips, 5 ms apart, timed by a separate process: the ask loops of this one would
 * otherwise delay the probes' own timers and inflate what they measure.
 */
function healthP99(server: Server, count: number): Promise<number> {
  const probe = `
    const times = [];
    for (let index = 0; index < ${count}; index++) {
      const started = performance.now();
      await (await fetch(${JSON.stringify(`${server.url}/healthz`)})).arrayBuffer();
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    times.sort((a, b) => a - b);
    process.stdout.write(String(times[Math.min(times.length - 1, Math.floor(0.99 * times.length))]));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", probe], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => (code === 0 ? resolve(Number(output)) : reject(new Error(`probe exited ${code}`))));
  });
}

/** `clients` loops, each asking one question after another until `until`; the statuses they got. */
async function askLoop(
  server: Server,
  questions: readonly string[],
  clients: number,
  until: number,
): Promise<{ statuses: Record<string, number>; answered: number; retryAfter: number }> {
  const statuses: Record<string, number> = {};
  let answered = 0;
  let retryAfter = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const question = questions[next++ % questions.length] as string;
        let status: string;
        try {
          const response = await fetch(`${server.url}/v1/ask`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ question, corpus: "world", strategy: "recall-then-retrieve" }),
            signal: AbortSignal.timeout(30_000),
          });
          await response.arrayBuffer();
          status = String(response.status);
          if (response.status === 200) answered++;
          if (response.status === 429 && response.headers.has("retry-after")) retryAfter++;
        } catch {
          status = "timeout";
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  return { statuses, answered, retryAfter };
}

async function measure(home: string, config: string, questions: readonly string[]) {
  const server = await serveRecall(home, config);
  try {
    await askLoop(server, questions, 2, performance.now() + 2000);
    const idleP99 = await healthP99(server, 400);
    const loading = askLoop(server, questions, 4, performance.now() + seconds * 1000);
    const loadedP99 = await healthP99(server, 400);
    await loading;
    const one = await askLoop(server, questions, 1, performance.now() + seconds * 1000);
    const eight = await askLoop(server, questions, 8, performance.now() + seconds * 1000);
    return {
      healthzP99IdleMs: round(idleP99),
      healthzP99AskingMs: round(loadedP99),
      healthzP99Ratio: round(loadedP99 / idleP99),
      asksPerSecondAt1: round(one.answered / seconds),
      asksPerSecondAt8: round(eight.answered / seconds),
      throughputRatio: round(eight.answered / Math.max(1, one.answered)),
      errorsAt8: Object.fromEntries(Object.entries(eight.statuses).filter(([status]) => status !== "200")),
    };
  } finally {
    await stopServer(server);
  }
}

async function overload(home: string, config: string, questions: readonly string[]) {
  const server = await serveRecall(home, config);
  try {
    await askLoop(server, questions, 1, performance.now() + 1000);
    const rssBefore = residentMiB(server);
    const result = await askLoop(server, questions, 64, performance.now() + seconds * 1000);
    const rssAfter = residentMiB(server);
    const healthy = (await fetch(`${server.url}/healthz`)).status === 200;
    const serverErrors = Object.entries(result.statuses)
      .filter(([status]) => status.startsWith("5"))
      .reduce((sum, [, count]) => sum + count, 0);
    return { statuses: result.statuses, withRetryAfter: result.retryAfter, serverErrors, healthy, rssBefore, rssAfter };
  } finally {
    await stopServer(server);
  }
}

const home = await mkdtemp(join(tmpdir(), "recall-bench-serving-"));
try {
  await runRecall([
    "--home",
    home,
    "index",
    join(worldFolder, "corpus"),
    "--corpus",
    "world",
    "--chunk-size",
    "48",
    "--overlap",
    "8",
  ]);
  const questions = [
    ...(await readQaSet(worldFolder, "known")).slice(0, 20),
    ...(await readQaSet(worldFolder, "unknown")).filter((record) => record.split === "test").slice(0, 20),
  ].map((record) => record.question);
  const configFile = async (name: string, settings: unknown) => {
    const path = join(home, `${name}.json`);
    await writeFile(path, JSON.stringify(settings));
    return path;
  };
  const open = { rateLimit: { requestsPerMinute: 0 } };
  const workers = await measure(home, await configFile("workers", { server: open }), questions);
  const mainThread = await measure(
    home,
    await configFile("main-thread", { server: open, runtime: { workers: false } }),
    questions,
  );
  const overloaded = await overload(
    home,
    await configFile("overload", { server: open, runtime: { maxQueuedRequests: 4, maxBatchRows: 16 } }),
    questions,
  );
  const report = { seconds, workers, mainThread, overload: overloaded };
  process.stdout.write(`${JSON.stringify(report, null, values.json ? undefined : 2)}\n`);
} finally {
  await rm(home, { recursive: true, force: true });
}
