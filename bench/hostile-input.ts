/**
 * Hostile input against a real `recall serve`: at least 5,000 requests over every route — invalid and truncated
 * JSON, wrong types, missing and extra fields, huge and deeply nested bodies, NUL bytes and lone surrogates, SQL and
 * filter injection, path traversal in names, 10,000-message chats, the model limits, wrong content types and methods,
 * raw-socket oddities — with a few valid requests mixed in. Counts by status, by route and by family; every 5xx
 * with its request; the server's health and resident memory before and after.
 *
 *   npx tsx bench/hostile-input.ts [--requests 5000] [--concurrency 8] [--seed N] [--rounds 1] [--cheap] [--json]
 *
 * A temporary home gets the tiny world indexed as "world" (`recall index`), API keys when `recall keys` exists, and
 * a config that turns the rate limit off (this run is one client). `--rounds N` sends the same list N times to watch
 * memory; `--cheap` leaves out the requests that run the model. Exit code 1 when any request got a 5xx (or an
 * internal error inside a stream) or no answer at all, or the server is unhealthy after.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { bundledModels, worldFolder } from "../src/config/bundled-models.ts";
import { folderModelId } from "../src/models/transformers/model-source.ts";
import { projectRoot } from "../src/util/project-root.ts";
import type { HostileRequest } from "./hostile-input/hostile-request.ts";
import { generateHostileRequests } from "./hostile-input/payloads.ts";
import { type RawOutcome, rawRequests, sendRaw } from "./hostile-input/raw-requests.ts";
import { printReport, type RunReport } from "./hostile-input/report.ts";
import { createRunKeys } from "./hostile-input/run-keys.ts";
import { isUnanswered, type Outcome, type RunKeys, sendOverHttp } from "./hostile-input/send.ts";
import { runRecall, type ServerProcess, startRecallServer } from "./hostile-input/server-process.ts";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "8" },
    seed: { type: "string", default: "20250101" },
    rounds: { type: "string", default: "1" },
    cheap: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
const requestCount = Number(values.requests);
const concurrency = Number(values.concurrency);
const seed = Number(values.seed);
const bodyLimit = 1_048_576;
const timeouts = { cheap: 30_000, model: 120_000, heavy: 180_000 } as const;
/** The run stops sending after this long, whatever is left, and aborts what is in flight. */
const runDeadlineMs = 10 * 60_000;
/** This many requests in a row without an answer: the server has stopped answering, and the run stops. */
const unansweredInARow = 16;

/** Progress goes to standard error, so that --json keeps standard output one JSON object. */
const progress = (message: string) => {
  process.stderr.write(`${message}\n`);
};

/** Aborted at the run's deadline, when the server stops answering, or on SIGINT / SIGTERM (the cleanup still runs). */
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => stop.abort(new Error(`${signal} received`)));

/**
 * Runs a setup step, retrying a failed one three times a minute apart: others edit the tree while a run goes on, and
 * their work in progress can break `recall` for a while.
 */
async function withRetries<T>(label: string, step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= 4 || stop.signal.aborted) throw error;
      progress(`${label} failed (attempt ${attempt}); retrying in 60 s: ${String(error).slice(0, 600)}`);
      await sleep(60_000, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  }
}

/** One setup or health request with the full key; a failure to connect is status 0. */
async function call(
  server: ServerProcess,
  keys: RunKeys | undefined,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const headers: Record<string, string> = { ...(keys ? { authorization: `Bearer ${keys.full}` } : {}) };
  if (body !== undefined) headers["content-type"] = "application/json";
  try {
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
    const parsed = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    return { status: response.status, body: parsed };
  } catch (error) {
    return { status: 0, body: { error: String(error) } };
  }
}

/** Sends every request with at most `concurrency` in flight; samples memory once a second. */
async function sendAll(
  server: ServerProcess,
  requests: readonly HostileRequest[],
  keys: RunKeys | undefined,
  stop: AbortController,
) {
  const outcomes: Outcome[] = [];
  let next = 0;
  let silent = 0;
  let peakSampleMiB = 0;
  const sampler = setInterval(() => {
    void server
      .memory()
      .then(({ rssMiB }) => {
        peakSampleMiB = Math.max(peakSampleMiB, rssMiB);
      })
      .catch(() => undefined);
  }, 1000);
  const worker = async () => {
    while (next < requests.length && !stop.signal.aborted && server.alive()) {
      const request = requests[next++] as HostileRequest;
      const outcome = await sendOverHttp(server.url, request, keys, timeouts[request.cost], stop.signal);
      outcomes.push(outcome);
      silent = isUnanswered(outcome) ? silent + 1 : 0;
      if (silent >= unansweredInARow && !stop.signal.aborted) {
        progress(`${silent} requests in a row got no answer: stopping the run`);
        stop.abort(new Error(`${silent} requests in a row got no answer`));
      }
      if (outcomes.length % 500 === 0) progress(`${outcomes.length} / ${requests.length} sent`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearInterval(sampler);
  return { outcomes: outcomes.sort((left, right) => left.request.index - right.request.index), peakSampleMiB };
}

async function main(): Promise<number> {
  const started = performance.now();
  const home = await mkdtemp(join(tmpdir(), "recall-hostile-"));
  let server: ServerProcess | undefined;
  try {
    progress(`indexing the tiny world into ${home}`);
    const indexArguments = ["--home", home, "index", join(worldFolder, "corpus"), "--corpus", "world"];
    await withRetries("recall index", async () => {
      const indexed = await runRecall([...indexArguments, "--chunk-size", "48", "--overlap", "8"]);
      if (indexed.code !== 0) throw new Error(`recall index failed (${indexed.code}): ${indexed.stderr.slice(-2000)}`);
    });
    const keySetup = await createRunKeys(home);
    progress(keySetup.note);
    const configFile = join(home, "hostile.config.json");
    await writeFile(configFile, JSON.stringify({ server: { rateLimit: { requestsPerMinute: 0 } } }));
    server = await withRetries("recall serve", () => startRecallServer(home, configFile));
    progress(`server ${server.pid} at ${server.url}`);
    const keys = keySetup.keys;

    const experiment = "hostile-lab";
    const created = await call(server, keys, "/v1/experiments", {
      name: experiment,
      corpus: "world",
      variants: [
        { name: "control", strategy: "always-retrieve" },
        { name: "loop", strategy: "recall-then-retrieve" },
      ],
    });
    const asked = await call(server, keys, "/v1/ask", {
      question: "Where was Treisnos Bemtond born?",
      corpus: "world",
      strategy: "always-retrieve",
    });
    const askId = typeof asked.body?.id === "string" ? asked.body.id : undefined;
    progress(`setup: experiment ${created.status}, ask ${asked.status}${askId ? ` (${askId})` : ""}`);

    const requests = generateHostileRequests(
      {
        count: Math.max(0, requestCount - rawRequests(undefined).length),
        seed,
        model: !values.cheap,
        heavy: !values.cheap,
        huge: true,
      },
      {
        languageModelId: folderModelId(bundledModels.language),
        experiment,
        askId,
        withKeys: keys !== undefined,
        bodyLimit,
      },
    );
    const before = await server.memory();
    progress(
      `RSS before: ${before.rssMiB.toFixed(1)} MiB; sending ${requests.length} requests, ${concurrency} at a time`,
    );
    const sendStarted = performance.now();
    const deadline = setTimeout(
      () => stop.abort(new Error(`the run's ${runDeadlineMs / 60_000} minutes are up`)),
      runDeadlineMs,
    );
    const outcomes: Outcome[] = [];
    const roundsMiB: number[] = [];
    let peakSampleMiB = 0;
    for (let round = 1; round <= rounds && server.alive() && !stop.signal.aborted; round++) {
      const sent = await sendAll(server, requests, keys, stop);
      outcomes.push(...sent.outcomes);
      peakSampleMiB = Math.max(peakSampleMiB, sent.peakSampleMiB);
      if (server.alive()) roundsMiB.push((await server.memory()).rssMiB);
      if (rounds > 1) progress(`round ${round}: RSS ${roundsMiB.at(-1)?.toFixed(1)} MiB`);
    }
    clearTimeout(deadline);
    const port = Number(new URL(server.url).port);
    const raw: RawOutcome[] = server.alive()
      ? await Promise.all(rawRequests(keys?.full).map((request) => sendRaw("127.0.0.1", port, request)))
      : [];
    const sendSeconds = (performance.now() - sendStarted) / 1000;

    await new Promise((done) => setTimeout(done, 1000));
    const alive = server.alive();
    const health = alive ? await call(server, keys, "/healthz") : { status: 0, body: null };
    const searchBody = { query: "Where was Treisnos Bemtond born?", corpus: "world", k: 3 };
    const search = alive ? await call(server, keys, "/v1/search", searchBody) : { status: 0, body: null };
    const passages = Array.isArray(search.body?.passages) ? search.body.passages.length : 0;
    const after = alive ? await server.memory() : { rssMiB: Number.NaN, peakMiB: Number.NaN };
    const healthy = alive && health.status === 200 && search.status === 200 && passages > 0;

    const report: RunReport = {
      seed,
      concurrency,
      keys: keySetup.note,
      setup: { experiment: created.status, ask: asked.status },
      outcomes,
      raw,
      privatePaths: [projectRoot, home],
      serverLog: server.log(),
      health: { alive, healthz: health.status, search: search.status, passages, healthy },
      memory: { beforeMiB: before.rssMiB, afterMiB: after.rssMiB, roundsMiB, peakSampleMiB, peakMiB: after.peakMiB },
      rounds,
      sendSeconds,
      wallSeconds: (performance.now() - started) / 1000,
      unsent: requests.length * rounds - outcomes.length,
      stoppedEarly: stop.signal.aborted ? String((stop.signal.reason as Error).message ?? stop.signal.reason) : null,
    };
    const failed = printReport(report, values.json);
    return failed ? 1 : 0;
  } finally {
    const code = await server?.stop();
    if (code !== undefined) progress(`server stopped (exit code ${code})`);
    await rm(home, { recursive: true, force: true });
  }
}

process.exitCode = await main();
