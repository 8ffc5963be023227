import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndexJobView } from "../../src/app/index-job-view.ts";
import { givenModels } from "../../src/app/model-set.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import { corporaSchema, serverSchema } from "../../src/config/config-schema.ts";
import { insertUploadJob, uploadJobInputsOf } from "../../src/db/upload-job-records.ts";
import { noopLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/create-app.ts";
import { loadTinyEmbeddingModel, loadTinyReranker } from "../support/bundled.ts";
import { FailingLanguageModel } from "../support/failing-language-model.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

const takeoverMs = 60_000;

describe("upload jobs of a server that died", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let recall: RecallApp;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    const embedding = await loadTinyEmbeddingModel();
    recall = new RecallApp({
      db: workspace.db,
      store: workspace.store,
      models: givenModels({
        language: new FailingLanguageModel(() => new Error("indexing called the language model")),
        embedding,
        reranker: loadTinyReranker,
      }),
      settings: serverSchema.parse({ auth: {}, cors: {}, limits: {}, rateLimit: {} }),
      corporaSettings: corporaSchema.parse({ jobTakeoverMs: takeoverMs }),
    });
    app = createApp({ app: recall, logger: noopLogger });
    const created = await app.request("/v1/corpora", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "handed-over" }),
    });
    expect(created.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await recall?.close();
    await workspace?.dispose();
  });

  /** Records a job as another server would have left it: queued by `owner`, with a file and a document kept. */
  const leftBehind = (id: string, owner: { host: string; pid: number; heartbeatAt: Date }) =>
    insertUploadJob(
      workspace.db,
      {
        id,
        corpus: "handed-over",
        status: "running",
        items: [
          { id: `${id}-file.md`, uri: `${id}-file.md`, state: "ready" },
          { id: `${id}-sent`, uri: `${id}-sent`, state: "indexing" },
        ],
        host: owner.host,
        pid: owner.pid,
        processId: `the-server-that-ran-${id}`,
        heartbeatAt: owner.heartbeatAt.toISOString(),
        startedAt: owner.heartbeatAt.toISOString(),
      },
      [
        {
          position: 0,
          kind: "file",
          name: `${id}-file.md`,
          content: Buffer.from(
            `# Lighthouses of ${id}\n\nThe ${id} lighthouse keeper rows to the rocks at dawn.`,
          ).toString("base64"),
        },
        {
          position: 1,
          kind: "document",
          name: `${id}-sent`,
          content: JSON.stringify({ id: `${id}-sent`, text: `The ${id} harbour freezes in the long winter.` }),
        },
      ],
    );

  const finished = async (id: string): Promise<IndexJobView> => {
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
      const { job } = (await (await app.request(`/v1/jobs/${id}`)).json()) as { job: IndexJobView };
      if (job.status === "succeeded" || job.status === "failed") return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`job ${id} did not finish`);
  };

  const searchFinds = async (query: string) => {
    const response = await app.request("/v1/search", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ corpus: "handed-over", query, mode: "full-text", k: 3 }),
    });
    const { passages } = (await response.json()) as { passages: { documentId: string }[] };
    return passages.map((passage) => passage.documentId);
  };

  it("takes over at once a job whose process on this machine is gone, runs it from its kept inputs, and forgets them", async () => {
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    await leftBehind("north", { host: hostname(), pid: gone, heartbeatAt: new Date() });

    expect(await recall.jobs.takeOverAbandonedJobs()).toEqual(["north"]);
    const job = await finished("north");
    expect(job).toMatchObject({
      status: "succeeded",
      documents: [
        { id: "north-file.md", state: "ready" },
        { id: "north-sent", state: "ready" },
      ],
    });
    expect(await searchFinds("north lighthouse keeper")).toContain("north-file.md");
    expect(await searchFinds("north harbour freezes")).toContain("north-sent");
    expect(await uploadJobInputsOf(workspace.db, "north")).toEqual([]);
  });

  it("takes over a job of another machine only once its heartbeat is older than jobTakeoverMs", async () => {
    const lastBeat = new Date();
    await leftBehind("south", { host: "another-machine", pid: process.pid, heartbeatAt: lastBeat });

    expect(await recall.jobs.takeOverAbandonedJobs(new Date(lastBeat.getTime() + takeoverMs - 1000))).toEqual([]);
    const { job: meanwhile } = (await (await app.request("/v1/jobs/south")).json()) as { job: IndexJobView };
    expect(meanwhile.status).toBe("running");

    expect(await recall.jobs.takeOverAbandonedJobs(new Date(lastBeat.getTime() + takeoverMs + 1000))).toEqual([
      "south",
    ]);
    expect(await finished("south")).toMatchObject({ status: "succeeded" });
    expect(await searchFinds("south lighthouse keeper")).toContain("south-file.md");
  });

  it("lets only one of two servers that look at once take a job", async () => {
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    await leftBehind("east", { host: hostname(), pid: gone, heartbeatAt: new Date() });
    const other = new RecallApp({
      db: workspace.db,
      store: workspace.store,
      models: givenModels({
        language: new FailingLanguageModel(() => new Error("indexing called the language model")),
        embedding: await loadTinyEmbeddingModel(),
        reranker: loadTinyReranker,
      }),
      settings: serverSchema.parse({ auth: {}, cors: {}, limits: {}, rateLimit: {} }),
    });
    try {
      const taken = await Promise.all([recall.jobs.takeOverAbandonedJobs(), other.jobs.takeOverAbandonedJobs()]);
      expect(taken.flat()).toEqual(["east"]);
      expect(await finished("east")).toMatchObject({ status: "succeeded" });
    } finally {
      await other.jobs.close();
    }
  });
});
