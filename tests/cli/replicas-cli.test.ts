import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndexJobView } from "../../src/app/index-job-view.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { type PostgresCluster, postgresUnavailableReason, startPostgresCluster } from "../support/postgres-cluster.ts";
import { runCli } from "../support/run-cli.ts";
import { type S3Server, s3rverCredentials, startS3Server } from "../support/s3-server.ts";

/** A `recall serve` process: one replica, with a data folder of its own as if on a machine of its own. */
interface Replica {
  readonly url: string;
  readonly process: ChildProcess;
}

const title = `two recall serve replicas on one PostgreSQL and one object store${
  postgresUnavailableReason === undefined ? "" : ` (skipped: ${postgresUnavailableReason})`
}`;

describe.skipIf(postgresUnavailableReason !== undefined)(title, () => {
  let cluster: PostgresCluster;
  let s3: S3Server;
  let root: string;
  let environment: Record<string, string>;
  const replicas: Replica[] = [];
  let admin: string;

  /** What every replica and command shares: the database, the LanceDB store, its credentials, the config. */
  beforeAll(async () => {
    [cluster, s3] = await Promise.all([startPostgresCluster(), startS3Server()]);
    root = await mkdtemp(join(tmpdir(), "recall-replicas-"));
    const config = join(root, "recall.config.json");
    await writeFile(
      config,
      JSON.stringify({
        lancedb: {
          storageOptions: { aws_endpoint: s3.endpoint, allow_http: "true", aws_region: "us-east-1" },
          readConsistencyIntervalMs: 500,
        },
        corpora: { jobHeartbeatMs: 300 },
        runtime: { workers: false },
        server: { limits: { uploadFiles: 1000 } },
      }),
    );
    environment = {
      RECALL_CONFIG: config,
      RECALL_DATABASE_URL: cluster.url,
      RECALL_LANCEDB_URI: s3.uriFor("replicas"),
      AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
    };
    const migrated = await runCli(["migrate"], { ...environment, RECALL_HOME: join(root, "ops") });
    expect(migrated.stdout.trim()).toBe(`migrated PostgreSQL 127.0.0.1:${cluster.port}/recall`);
    const created = await runCli(
      ["keys", "create", "--name", "ops", "--all-corpora", "--scopes", "ask,search,index,admin", "--json"],
      { ...environment, RECALL_HOME: join(root, "ops") },
    );
    expect(created.code, created.stderr).toBe(0);
    admin = (JSON.parse(created.stdout) as { key: string }).key;
    replicas.push(...(await Promise.all([serve("a"), serve("b")])));
  }, 180_000);

  afterAll(async () => {
    for (const replica of replicas) replica.process.kill("SIGKILL");
    await Promise.all([cluster?.stop(), s3?.stop()]);
    if (root) await rm(root, { recursive: true, force: true });
  });

  function serve(name: string): Promise<Replica> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(projectRoot, "bin", "recall.js"), "serve", "--port", "0"], {
        env: { ...process.env, ...environment, RECALL_HOME: join(root, name) },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let output = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const url = output.match(/listening on (http:\/\/\S+)/)?.[1];
        if (url) resolve({ url, process: child });
      });
      child.once("exit", (code) => reject(new Error(`replica ${name} exited ${code}: ${output.slice(-800)}`)));
    });
  }

  const call = (replica: Replica, path: string, options: { key?: string; body?: unknown; method?: string } = {}) =>
    fetch(`${replica.url}${path}`, {
      method: options.method ?? (options.body === undefined ? "GET" : "POST"),
      headers: {
        authorization: `Bearer ${options.key ?? admin}`,
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });

  const finds = async (replica: Replica, query: string): Promise<string[]> => {
    const response = await call(replica, "/v1/search", {
      body: { corpus: "shared", query, mode: "full-text", k: 5 },
    });
    if (response.status !== 200) return [];
    const { passages } = (await response.json()) as { passages: { documentId: string }[] };
    return passages.map((passage) => passage.documentId);
  };

  const finished = async (replica: Replica, id: string, timeoutMs: number): Promise<IndexJobView> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { job } = (await (await call(replica, `/v1/jobs/${id}`)).json()) as { job: IndexJobView };
      if (job.status === "succeeded" || job.status === "failed") return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${id} did not finish within ${timeoutMs} ms`);
  };

  const sql = async <Row>(text: string): Promise<Row[]> => {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      return (await client.query(text)).rows as Row[];
    } finally {
      await client.end();
    }
  };

  it("index through one replica, and the other finds the documents", async () => {
    const [a, b] = replicas as [Replica, Replica];
    expect((await call(a, "/v1/corpora", { body: { name: "shared" } })).status).toBe(201);
    const upload = await call(a, "/v1/corpora/shared/documents", {
      body: { documents: [{ id: "harbour", text: "The harbour of Veltmar freezes every winter." }] },
    });
    expect(upload.status).toBe(202);
    const { job } = (await upload.json()) as { job: IndexJobView };
    expect(await finished(b, job.id, 60_000)).toMatchObject({ status: "succeeded" });

    const deadline = Date.now() + 60_000;
    while (!(await finds(b, "Veltmar harbour freezes")).includes("harbour") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await finds(b, "Veltmar harbour freezes")).toContain("harbour");
    expect(await finds(a, "Veltmar harbour freezes")).toContain("harbour");
  });

  it("record an ask once, and its feedback once whichever replica it is sent to", async () => {
    const [a, b] = replicas as [Replica, Replica];
    const asked = await call(a, "/v1/ask", {
      body: { question: "What freezes every winter?", corpus: "shared", strategy: "always-retrieve" },
    });
    expect(asked.status).toBe(200);
    const { id: askId } = (await asked.json()) as { id: string };

    const first = await call(b, "/v1/feedback", { body: { askId, score: 1 } });
    expect(first.status).toBe(201);
    const again = await call(a, "/v1/feedback", { body: { askId, score: 0 } });
    expect(await again.json()).toMatchObject({ askId, replaced: true });

    expect(await sql(`select count(*)::int as n from asks where id = '${askId}'`)).toEqual([{ n: 1 }]);
    expect(await sql(`select score from feedback where ask_id = '${askId}'`)).toEqual([{ score: 0 }]);
  });

  it("refuse a revoked key on every replica at once", async () => {
    const [a, b] = replicas as [Replica, Replica];
    const created = await runCli(
      ["keys", "create", "--name", "reader", "--all-corpora", "--scopes", "search", "--json"],
      {
        ...environment,
        RECALL_HOME: join(root, "ops"),
      },
    );
    const reader = JSON.parse(created.stdout) as { id: string; key: string };
    expect((await call(a, "/v1/corpora", { key: reader.key })).status).toBe(200);
    expect((await call(b, "/v1/corpora", { key: reader.key })).status).toBe(200);

    expect((await runCli(["keys", "revoke", reader.id], { ...environment, RECALL_HOME: join(root, "ops") })).code).toBe(
      0,
    );
    expect((await call(a, "/v1/corpora", { key: reader.key })).status).toBe(401);
    expect((await call(b, "/v1/corpora", { key: reader.key })).status).toBe(401);
  });

  it("finish on the other replica an upload job whose replica was killed while it ran", async () => {
    const [a, b] = replicas as [Replica, Replica];
    const documents = Array.from({ length: 600 }, (_, index) => ({
      id: `lamp-${index}`,
      text: `Lamp ${index} of the Veltmar lighthouse is lit by keeper number ${index} at dusk.`,
    }));
    const upload = await call(a, "/v1/corpora/shared/documents", { body: { documents } });
    expect(upload.status).toBe(202);
    const { job } = (await upload.json()) as { job: IndexJobView };

    // Killed once its job runs: nothing on replica A gets to clean up, as when its machine dies.
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const { job: seen } = (await (await call(b, `/v1/jobs/${job.id}`)).json()) as { job: IndexJobView };
      if (seen.status !== "queued") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const exited = new Promise((resolve) => a.process.once("exit", resolve));
    a.process.kill("SIGKILL");
    await exited;

    const ended = await finished(b, job.id, 90_000);
    expect(ended.status).toBe("succeeded");
    expect(ended.counts.documents).toBe(600);
    expect(await sql(`select pid from upload_jobs where id = '${job.id}'`)).toEqual([{ pid: b.process.pid }]);
    expect(
      await sql(`select count(*)::int as n from documents where corpus = 'shared' and status = 'indexed'`),
    ).toEqual([{ n: 601 }]);
    expect(await finds(b, "keeper number 599")).toContain("lamp-599");
  });
});
