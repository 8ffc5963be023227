/**
 * Corpora that stay right while they are served: `recall serve` (the compiled CLI, the bundled models, the tiny world)
 * answers a bounded loop of /v1/search and /v1/ask about one document while, in another process, the corpus is
 * re-indexed with that document changed (shorter: one paragraph gone), then re-chunked (a new version built beside the
 * old one and switched to), and finally a new document is uploaded over HTTP.
 *
 *   npm run build && npx tsx bench/corpus-under-load.ts [--json]
 *
 * For each phase: requests, errors (any status but 200; goal 0), searches whose top 5 lost the changed document, and
 * asks that lost it (an ask that did not answer right citing it, where the same question did both with no writer
 * before the phase and again after it, on the new version); goal 0 for both. Then the seconds from an
 * upload to its job reporting the document ready, and to the first search that finds it, with a search's median
 * latency beside them. Every request goes to 127.0.0.1 on a server this script starts and stops.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { worldFolder } from "../src/config/bundled-models.ts";
import { normalizeAnswer } from "../src/text/normalize-answer.ts";
import { readQaSet } from "../src/world/qa-sets.ts";
import { round, runRecall, type ServerProcess, serveRecall, stopServer } from "./support/recall-process.ts";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });

/** The document changed by the re-index (its id is its file name), and what the probes ask about it. */
const changedFile = "organisation-003.md";
const changedDocument = "organisation-003";

interface Probe {
  readonly question: string;
  readonly answers: readonly string[];
}

interface PhaseResult {
  seconds: number;
  searches: number;
  asks: number;
  errors: Record<string, number>;
  searchesThatLostTheDocument: number;
  asksThatLostTheDocument: number;
}

/** Whether each ask of a phase answered its question right while citing the changed document. */
type AskOutcomes = { readonly question: string; readonly good: boolean }[];

async function post(server: ServerProcess, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

function answered(answer: string, expected: readonly string[]): boolean {
  return expected.some((one) => normalizeAnswer(answer).includes(normalizeAnswer(one)));
}

/** Two clients, one searching and one asking about the changed document, until `done` settles (and one more round). */
async function loadWhile(
  server: ServerProcess,
  probes: readonly Probe[],
  done: Promise<unknown>,
): Promise<{ result: PhaseResult; outcomes: AskOutcomes }> {
  const started = performance.now();
  const result: PhaseResult = {
    seconds: 0,
    searches: 0,
    asks: 0,
    errors: {},
    searchesThatLostTheDocument: 0,
    asksThatLostTheDocument: 0,
  };
  const outcomes: AskOutcomes = [];
  let finished = false;
  const settled = done.finally(() => {
    finished = true;
  });
  const fail = (status: string) => {
    result.errors[status] = (result.errors[status] ?? 0) + 1;
  };
  const searching = (async () => {
    for (let round = 0; !finished || round === 0; round++) {
      for (const probe of probes) {
        for (const mode of ["full-text", "dense", "hybrid"]) {
          try {
            const response = await post(server, "/v1/search", { corpus: "world", query: probe.question, k: 5, mode });
            result.searches++;
            if (response.status !== 200) {
              fail(String(response.status));
              await response.arrayBuffer();
              continue;
            }
            const { passages } = (await response.json()) as { passages: { documentId: string }[] };
            if (!passages.some((passage) => passage.documentId === changedFile)) result.searchesThatLostTheDocument++;
          } catch {
            fail("timeout");
          }
        }
      }
    }
  })();
  const asking = (async () => {
    for (let round = 0; !finished || round === 0; round++) {
      for (const probe of probes) {
        try {
          const response = await post(server, "/v1/ask", { question: probe.question, corpus: "world" });
          result.asks++;
          if (response.status !== 200) {
            fail(String(response.status));
            await response.arrayBuffer();
            continue;
          }
          const { answer, citations } = (await response.json()) as {
            answer: string;
            citations: { documentId: string }[];
          };
          const cited = citations.some((citation) => citation.documentId === changedFile);
          outcomes.push({ question: probe.question, good: cited && answered(answer, probe.answers) });
        } catch {
          fail("timeout");
        }
      }
    }
  })();
  await Promise.all([settled, searching, asking]);
  result.seconds = round((performance.now() - started) / 1000, 1);
  return { result, outcomes };
}

/** A phase with no writer: the questions whose asks all answered right citing the changed document. */
async function quietPhase(server: ServerProcess, probes: readonly Probe[], milliseconds: number) {
  const { result, outcomes } = await loadWhile(
    server,
    probes,
    new Promise((resolve) => setTimeout(resolve, milliseconds)),
  );
  const good = new Set(outcomes.map((outcome) => outcome.question));
  for (const outcome of outcomes) if (!outcome.good) good.delete(outcome.question);
  return { result, good };
}

/** Loads the server while `work` runs, and counts the asks that lost what quiet phases before and after both had. */
async function phaseWhile(
  server: ServerProcess,
  probes: readonly Probe[],
  work: Promise<unknown>,
  before: ReadonlySet<string>,
) {
  const { result, outcomes } = await loadWhile(server, probes, work);
  const after = await quietPhase(server, probes, 2000);
  result.asksThatLostTheDocument = outcomes.filter(
    (outcome) => !outcome.good && before.has(outcome.question) && after.good.has(outcome.question),
  ).length;
  return { result, after: after.good };
}

/** Uploads one new document and times how long until its job says ready and until a search finds it. */
async function uploadToSearchable(server: ServerProcess) {
  const searchOnce = async () => {
    const response = await post(server, "/v1/search", { corpus: "world", query: "Quillmere lighthouse", k: 3 });
    const { passages } = (await response.json()) as { passages: { documentId: string }[] };
    return passages.some((passage) => passage.documentId === "quillmere");
  };
  const latencies: number[] = [];
  for (let index = 0; index < 20; index++) {
    const started = performance.now();
    await searchOnce();
    latencies.push(performance.now() - started);
  }
  latencies.sort((left, right) => left - right);
  const started = performance.now();
  const upload = await post(server, "/v1/corpora/world/documents", {
    documents: [
      {
        id: "quillmere",
        title: "Quillmere",
        text: "Quillmere is a village on the coast. The Quillmere lighthouse was built in 1887 by Tosk Vennadrai.",
      },
    ],
  });
  if (upload.status !== 202) throw new Error(`upload answered ${upload.status}: ${await upload.text()}`);
  const { job } = (await upload.json()) as { job: { id: string } };
  let readySeconds: number | undefined;
  let searchableSeconds: number | undefined;
  while (performance.now() - started < 60_000 && (readySeconds === undefined || searchableSeconds === undefined)) {
    if (readySeconds === undefined) {
      const status = (await (await fetch(`${server.url}/v1/jobs/${job.id}`)).json()) as { job: { status: string } };
      if (status.job.status === "succeeded") readySeconds = (performance.now() - started) / 1000;
      if (status.job.status === "failed") throw new Error("the upload's job failed");
    }
    if (searchableSeconds === undefined && (await searchOnce()))
      searchableSeconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    uploadToReadySeconds: readySeconds === undefined ? null : round(readySeconds),
    uploadToSearchableSeconds: searchableSeconds === undefined ? null : round(searchableSeconds),
    searchMedianMs: round(latencies[Math.floor(latencies.length / 2)] as number),
  };
}

const home = await mkdtemp(join(tmpdir(), "recall-bench-corpus-"));
try {
  const sources = join(home, "sources");
  await cp(join(worldFolder, "corpus"), sources, { recursive: true });
  const index = (...extra: string[]) =>
    runRecall(["--home", home, "index", sources, "--corpus", "world", ...extra], { RECALL_OFFLINE: "1" });
  await index("--chunk-size", "48", "--overlap", "8");
  const probes: Probe[] = (await readQaSet(worldFolder, "unknown"))
    .filter((record) => record.supportingDocuments.includes(changedDocument))
    .map((record) => ({ question: record.question, answers: record.answers }));
  const config = join(home, "config.json");
  await writeFile(config, JSON.stringify({ server: { rateLimit: { requestsPerMinute: 0 } } }));
  const server = await serveRecall(home, config);
  try {
    const baseline = await quietPhase(server, probes, 4000);

    const path = join(sources, `${changedDocument}.md`);
    const paragraphs = (await readFile(path, "utf8")).trimEnd().split("\n\n");
    await writeFile(path, `${paragraphs.slice(0, -1).join("\n\n")}\n`);
    const changed = await phaseWhile(server, probes, index(), baseline.good);

    const rechunked = await phaseWhile(server, probes, index("--chunk-size", "64", "--rechunk"), changed.after);
    const upload = await uploadToSearchable(server);
    const report = {
      probes: probes.length,
      answeredCitingIt: {
        before: baseline.good.size,
        afterChange: changed.after.size,
        afterRechunk: rechunked.after.size,
      },
      baseline: baseline.result,
      changed: changed.result,
      rechunked: rechunked.result,
      upload,
    };
    process.stdout.write(`${JSON.stringify(report, null, values.json ? undefined : 2)}\n`);
  } finally {
    await stopServer(server);
  }
} finally {
  await rm(home, { recursive: true, force: true });
}
