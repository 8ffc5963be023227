/**
 * Several machines' worth of Recall on one: two `recall serve` replicas and one indexer (`recall index`, a third
 * process), all on one PostgreSQL (a throwaway cluster) and one LanceDB store on S3-compatible object storage
 * (s3rver, run in this process), each replica with a data folder of its own.
 *
 *   npm run build && npx tsx bench/replicas.ts [--json] [--documents 200]
 *
 * 1. The tiny world is indexed; both replicas start. While two clients per replica search and ask (each ask's
 *    feedback is sent to the other replica), the indexer adds new documents. Reported: requests and errors (any
 *    status but 200/201; goal 0), the seconds from the indexer's end until both replicas find every probe of the new
 *    documents (sampled: one in ten), and whether asks and feedback were recorded once each (rows in PostgreSQL
 *    against the requests that succeeded).
 * 2. Search latency: the server's own median time of a search (its `latencyMs`, so HTTP is left out) on a replica over
 *    object storage, divided by the same searches on a server whose LanceDB is a local folder, in the same run.
 *
 * Needs PostgreSQL's initdb and pg_ctl (Debian's postgresql package). Every request goes to 127.0.0.1.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { worldFolder } from "../src/config/bundled-models.ts";
import { readQaSet } from "../src/world/qa-sets.ts";
import { startPostgresCluster } from "../tests/support/postgres-cluster.ts";
import { s3rverCredentials, startS3Server } from "../tests/support/s3-server.ts";
import { round, runRecall, type ServerProcess, serveRecall, stopServer } from "./support/recall-process.ts";

const { values } = parseArgs({
  options: { json: { type: "boolean", default: false }, documents: { type: "string", default: "200" } },
});
const newDocuments = Number(values.documents);

async function post(server: ServerProcess, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function searchLatencies(server: ServerProcess, queries: readonly string[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const query of queries) {
    const response = await post(server, "/v1/search", { corpus: "world", query, k: 5 });
    if (response.status !== 200) throw new Error(`search answered ${response.status}: ${await response.text()}`);
    latencies.push(((await response.json()) as { latencyMs: number }).latencyMs);
  }
  return latencies;
}

async function finds(server: ServerProcess, query: string, id: string): Promise<boolean> {
  const response = await post(server, "/v1/search", { corpus: "world", query, mode: "full-text", k: 5 });
  if (response.status !== 200) return false;
  const { passages } = (await response.json()) as { passages: { documentId: string }[] };
  return passages.some((passage) => passage.documentId === id);
}

const root = await mkdtemp(join(tmpdir(), "recall-bench-replicas-"));
const [cluster, s3] = await Promise.all([startPostgresCluster(), startS3Server()]);
const servers: ServerProcess[] = [];
try {
  const config = join(root, "config.json");
  await writeFile(
    config,
    JSON.stringify({
      server: { rateLimit: { requestsPerMinute: 0 } },
      lancedb: { storageOptions: { aws_endpoint: s3.endpoint, allow_http: "true", aws_region: "us-east-1" } },
    }),
  );
  const shared = {
    RECALL_OFFLINE: "1",
    RECALL_DATABASE_URL: cluster.url,
    RECALL_LANCEDB_URI: s3.uriFor("world"),
    AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
  };
  const sources = join(root, "sources");
  await cp(join(worldFolder, "corpus"), sources, { recursive: true });
  await runRecall(["--home", join(root, "indexer"), "--config", config, "index", sources, "--corpus", "world"], shared);
  // The same corpus on one machine: SQLite and LanceDB in a local folder.
  const localHome = join(root, "local");
  await runRecall(["--home", localHome, "--config", config, "index", sources, "--corpus", "world"], {
    RECALL_OFFLINE: "1",
  });

  const [a, b, local] = await Promise.all([
    serveRecall(join(root, "replica-a"), config, shared),
    serveRecall(join(root, "replica-b"), config, shared),
    serveRecall(localHome, config, { RECALL_OFFLINE: "1" }),
  ]);
  servers.push(a, b, local);
  const replicas = [a, b] as const;

  // 1. New documents while both replicas answer.
  const questions = (await readQaSet(worldFolder, "known")).map((record) => record.question);
  const added = join(root, "added");
  await mkdir(added);
  const probes: { id: string; query: string }[] = [];
  for (let index = 0; index < newDocuments; index++) {
    const id = `beacon-${String(index).padStart(4, "0")}`;
    const text = `Beacon ${index} on the Quarrel Cliffs is tended by warden Olvek${index} of the Saltmere guild.`;
    await writeFile(join(added, `${id}.md`), `# ${id}\n\n${text}\n`);
    // A file's document id is its file name.
    if (index % 10 === 0) probes.push({ id: `${id}.md`, query: `warden Olvek${index} Saltmere beacon` });
  }
  const counts = { searches: 0, asks: 0, feedback: 0, errors: {} as Record<string, number> };
  const fail = (what: string) => {
    counts.errors[what] = (counts.errors[what] ?? 0) + 1;
  };
  let stop = false;
  const clients = replicas.flatMap((replica, index) => {
    const other = replicas[1 - index] as ServerProcess;
    const searching = async () => {
      let turn = 0;
      while (!stop) {
        const response = await post(replica, "/v1/search", {
          corpus: "world",
          query: questions[turn++ % questions.length],
          k: 5,
        }).catch(() => undefined);
        if (response?.status === 200) counts.searches++;
        else fail(`search ${response?.status ?? "no answer"}`);
        await response?.body?.cancel();
      }
    };
    const asking = async () => {
      let turn = 0;
      while (!stop) {
        const question = questions[turn++ % questions.length];
        const response = await post(replica, "/v1/ask", { question, corpus: "world" }).catch(() => undefined);
        if (response?.status !== 200) {
          fail(`ask ${response?.status ?? "no answer"}`);
          continue;
        }
        counts.asks++;
        const { id } = (await response.json()) as { id: string };
        const noted = await post(other, "/v1/feedback", { askId: id, score: 1 }).catch(() => undefined);
        if (noted?.status === 201) counts.feedback++;
        else fail(`feedback ${noted?.status ?? "no answer"}`);
      }
    };
    return [searching(), asking()];
  });

  const indexStarted = performance.now();
  await runRecall(["--home", join(root, "indexer"), "--config", config, "index", added, "--corpus", "world"], shared);
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  const indexed = performance.now();
  // Both replicas polled at once, each until it finds every probe (or two minutes pass: NaN).
  const seenAfter = await Promise.all(
    replicas.map(async (replica) => {
      const missing = new Set(probes.map((probe) => probe.id));
      while (missing.size > 0 && performance.now() - indexed < 120_000) {
        for (const probe of probes) {
          if (missing.has(probe.id) && (await finds(replica, probe.query, probe.id))) missing.delete(probe.id);
        }
      }
      return missing.size === 0 ? (performance.now() - indexed) / 1000 : Number.NaN;
    }),
  );
  stop = true;
  await Promise.all(clients);

  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  const asksRecorded = await client.query("select count(*)::int as n from asks");
  const feedbackRecorded = await client.query("select count(*)::int as n from feedback");
  const duplicateFeedback = await client.query(
    "select count(*)::int as n from (select ask_id from feedback group by ask_id having count(*) > 1) d",
  );
  await client.end();

  // 2. Search latency: object storage against a local folder, the same queries, alternating servers.
  const queries = questions.slice(0, 60);
  await searchLatencies(a, queries.slice(0, 10));
  await searchLatencies(local, queries.slice(0, 10));
  const objectStorage: number[] = [];
  const localDisk: number[] = [];
  for (let round = 0; round < 3; round++) {
    objectStorage.push(...(await searchLatencies(a, queries)));
    localDisk.push(...(await searchLatencies(local, queries)));
  }

  const result = {
    newDocuments,
    probes: probes.length,
    whileIndexing: { ...counts },
    indexSeconds: round(indexSeconds),
    secondsUntilReplicaAFindsAll: round(seenAfter[0] as number),
    secondsUntilReplicaBFindsAll: round(seenAfter[1] as number),
    asksRecorded: asksRecorded.rows[0].n,
    asksAnswered: counts.asks,
    feedbackRecorded: feedbackRecorded.rows[0].n,
    feedbackAccepted: counts.feedback,
    asksWithMoreThanOneFeedbackRow: duplicateFeedback.rows[0].n,
    searchMedianMs: { objectStorage: round(median(objectStorage)), localDisk: round(median(localDisk)) },
    searchMedianRatio: round(median(objectStorage) / median(localDisk)),
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      [
        `${newDocuments} documents added by a third process while 2 replicas answered (PostgreSQL + LanceDB on s3rver)`,
        `  ${counts.searches} searches, ${counts.asks} asks, ${counts.feedback} feedback; errors: ${JSON.stringify(counts.errors)}`,
        `  index run: ${result.indexSeconds} s; every probe found after it by replica A in ${result.secondsUntilReplicaAFindsAll} s, by B in ${result.secondsUntilReplicaBFindsAll} s`,
        `  asks recorded ${result.asksRecorded} for ${result.asksAnswered} answered; feedback rows ${result.feedbackRecorded} for ${result.feedbackAccepted} accepted; asks with duplicate feedback ${result.asksWithMoreThanOneFeedbackRow}`,
        `search median (server time): object storage ${result.searchMedianMs.objectStorage} ms, local disk ${result.searchMedianMs.localDisk} ms, ratio ${result.searchMedianRatio}`,
        "",
      ].join("\n"),
    );
  }
} finally {
  await Promise.all(servers.map((server) => stopServer(server).catch(() => undefined)));
  await Promise.all([cluster.stop(), s3.stop()]);
  await rm(root, { recursive: true, force: true });
}
