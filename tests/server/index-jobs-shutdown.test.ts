import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndexJobView } from "../../src/app/index-job-view.ts";
import { givenModels } from "../../src/app/model-set.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import { serverSchema } from "../../src/config/config-schema.ts";
import { corpusLeases, uploadJobs } from "../../src/db/schema.ts";
import { findUploadJob, insertUploadJob } from "../../src/db/upload-job-records.ts";
import { type Logger, noopLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/create-app.ts";
import { processInstanceId } from "../../src/util/process-instance-id.ts";
import { loadTinyEmbeddingModel, loadTinyReranker } from "../support/bundled.ts";
import { FailingLanguageModel } from "../support/failing-language-model.ts";
import { HeldEmbeddingModel } from "../support/held-embedding-model.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

describe("index jobs when a server stops", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let embeddingModel: HeldEmbeddingModel;
  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    embeddingModel = new HeldEmbeddingModel(await loadTinyEmbeddingModel());
  }, 120_000);
  afterAll(async () => {
    embeddingModel?.release();
    await workspace?.dispose();
  });

  /** A Recall whose `close` records the jobs and leases as they stood when its stores were closed. */
  const recallOver = (server: { shutdownGraceMs?: number } = {}) => {
    const atClose: { jobs: (typeof uploadJobs.$inferSelect)[]; leases: unknown[] } = { jobs: [], leases: [] };
    const recall = new RecallApp({
      db: workspace.db,
      store: workspace.store,
      models: givenModels({
        language: new FailingLanguageModel(() => new Error("indexing called the language model")),
        embedding: embeddingModel,
        reranker: loadTinyReranker,
      }),
      settings: serverSchema.parse({ auth: {}, cors: {}, limits: {}, rateLimit: {}, ...server }),
      close: async () => {
        atClose.jobs = await workspace.db.orm.select().from(uploadJobs);
        atClose.leases = await workspace.db.orm.select().from(corpusLeases);
      },
    });
    return { recall, app: createApp({ app: recall, logger: noopLogger }), atClose };
  };
  const json = (body: unknown) => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

  it("lets the running job finish, fails the queued ones as interrupted, and closes the stores after them", async () => {
    const { recall, app, atClose } = recallOver();
    expect((await app.request("/v1/corpora", json({ name: "stopping" }))).status).toBe(201);
    embeddingModel.hold();
    const arrived = embeddingModel.arrived();
    const upload = async (id: string) => {
      const response = await app.request(
        "/v1/corpora/stopping/documents",
        json({ documents: [{ id, text: `${id}.` }] }),
      );
      return ((await response.json()) as { job: IndexJobView }).job;
    };
    const running = await upload("running");
    await arrived;
    const queued = await upload("queued");

    const closing = recall.close();
    embeddingModel.release();
    await closing;

    const byId = new Map(atClose.jobs.map((job) => [job.id, job]));
    expect(byId.get(running.id)).toMatchObject({ status: "succeeded", items: [{ id: "running", state: "ready" }] });
    expect(byId.get(queued.id)).toMatchObject({
      status: "failed",
      errorCode: "job_interrupted",
      items: [{ id: "queued", state: "failed" }],
    });
    expect(atClose.leases).toEqual([]);
  });

  it("reports a job whose server process died as failed (job_interrupted), not as running forever", async () => {
    const { recall, app } = recallOver();
    expect((await app.request("/v1/corpora", json({ name: "orphans" }))).status).toBe(201);
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    await insertUploadJob(workspace.db, {
      id: "orphan",
      corpus: "orphans",
      status: "running",
      items: [{ id: "a.txt", uri: "a.txt", state: "indexing" }],
      host: hostname(),
      pid: gone,
      startedAt: new Date().toISOString(),
    });
    const response = await app.request("/v1/jobs/orphan");
    expect(response.status).toBe(200);
    const { job } = (await response.json()) as { job: IndexJobView };
    expect(job).toMatchObject({
      status: "failed",
      error: { code: "job_interrupted" },
      documents: [{ id: "a.txt", state: "failed" }],
    });
    await recall.close();
  });

  it("tells a job of an earlier life of this container (same host, same pid, another process) from one of this process", async () => {
    const { recall, app } = recallOver();
    expect((await app.request("/v1/corpora", json({ name: "restarted" }))).status).toBe(201);
    const running = (id: string, processId: string, host = hostname()) =>
      insertUploadJob(workspace.db, {
        id,
        corpus: "restarted",
        status: "running",
        items: [{ id: "a.txt", uri: "a.txt", state: "indexing" }],
        host,
        pid: process.pid,
        processId,
        startedAt: new Date().toISOString(),
      });
    await running("earlier-life", "the-process-before-the-restart");
    await running("this-life", processInstanceId);
    await running("elsewhere", "a-process-of-another-machine", "another-machine");
    const statusOf = async (id: string) =>
      ((await (await app.request(`/v1/jobs/${id}`)).json()) as { job: IndexJobView }).job;
    expect(await statusOf("earlier-life")).toMatchObject({ status: "failed", error: { code: "job_interrupted" } });
    expect(await statusOf("this-life")).toMatchObject({ status: "running", error: null });
    expect(await statusOf("elsewhere")).toMatchObject({ status: "running", error: null });
    await recall.close();
  });

  it("stops waiting for a running job after server.shutdownGraceMs, and says so in the log", async () => {
    const { recall, app } = recallOver({ shutdownGraceMs: 200 });
    expect((await app.request("/v1/corpora", json({ name: "stuck" }))).status).toBe(201);
    embeddingModel.hold();
    const arrived = embeddingModel.arrived();
    try {
      const response = await app.request("/v1/corpora/stuck/documents", json({ documents: [{ id: "a", text: "a." }] }));
      const { job } = (await response.json()) as { job: IndexJobView };
      await arrived;
      const warnings: { message: string; fields: Record<string, unknown> | undefined }[] = [];
      const logger: Logger = { ...noopLogger, warn: (message, fields) => warnings.push({ message, fields }) };

      // The job stays held until after the close, so closing at all shows that the close stopped waiting for it;
      // closing well within the default grace (10 s) shows that it kept to the configured 200 ms.
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        recall.jobs.close({ logger }).then(() => "closed"),
        new Promise((resolve) => {
          timer = setTimeout(() => resolve("still waiting"), 60_000);
        }),
      ]);
      clearTimeout(timer);
      expect(closed).toBe("closed");
      expect(performance.now() - started).toBeLessThan(5000);
      expect(warnings).toEqual([
        {
          message: expect.stringMatching(/shutdown grace period.*uploading the same documents again/),
          fields: { jobs: [job.id], graceMs: 200 },
        },
      ]);

      embeddingModel.release();
      // The abandoned job runs on here, where the stores stay open; it ends before the workspace goes.
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
        const record = await findUploadJob(workspace.db, job.id);
        if (record?.status === "succeeded" || record?.status === "failed") break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await recall.close();
    } finally {
      embeddingModel.release();
    }
  });
});
