import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AskListQuery, findAsk, listAsks, recordAsk } from "../../src/db/ask-records.ts";
import {
  corpusCounts,
  corpusSummaries,
  deleteCorpusRecord,
  findCorpus,
  insertCorpus,
  listCorpora,
  switchToPendingVersion,
  updateCorpus,
} from "../../src/db/corpus-records.ts";
import { type Database, openDatabase } from "../../src/db/database.ts";
import {
  countDocumentsOutsideTable,
  deleteDocuments,
  documentPlacements,
  documentsNotSeenBy,
  findDocuments,
  listDocuments,
  markIndexed,
  markPending,
  returnDocuments,
  saveDocuments,
  someDocumentIds,
  touchDocuments,
} from "../../src/db/document-records.ts";
import {
  deleteExperiment,
  findExperiment,
  insertExperiment,
  listExperiments,
  setExperimentStatus,
} from "../../src/db/experiment-records.ts";
import { recordFeedback } from "../../src/db/feedback-records.ts";
import {
  finishJob,
  recentDocumentErrors,
  recordDocumentErrors,
  recordJobProgress,
  startJob,
} from "../../src/db/job-records.ts";
import { anyKeyExists, findKeyByHash, insertKey, listKeys, revokeKey } from "../../src/db/key-records.ts";
import { findLiveLease, releaseLease, renewLease, takeLease, takeLeaseFrom } from "../../src/db/lease-records.ts";
import { findModelCalibration, saveModelCalibration } from "../../src/db/model-calibration-records.ts";
import { dueRetiredTables, forgetRetiredTable, retiredTablesOf } from "../../src/db/retired-table-records.ts";
import {
  beatUploadJobs,
  claimUploadJob,
  findUploadJob,
  forgetUploadJobInputs,
  insertUploadJob,
  unfinishedJobsOfOthers,
  updateUploadJob,
  uploadJobInputsOf,
} from "../../src/db/upload-job-records.ts";
import { experimentResults } from "../../src/experiments/experiment-results.ts";
import { type PostgresCluster, postgresUnavailableReason, startPostgresCluster } from "../support/postgres-cluster.ts";

/** One database to run the contract on: opened empty and migrated, then closed and removed. */
interface DialectUnderTest {
  readonly name: string;
  readonly skipReason: string | undefined;
  open(): Promise<{ db: Database; dispose(): Promise<void> }>;
}

let cluster: PostgresCluster | undefined;
let databases = 0;

const dialects: DialectUnderTest[] = [
  {
    name: "SQLite",
    skipReason: undefined,
    async open() {
      const home = await mkdtemp(join(tmpdir(), "recall-records-"));
      const db = await openDatabase(home);
      await db.migrate();
      return {
        db,
        dispose: async () => {
          await db.close();
          await rm(home, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: "PostgreSQL",
    skipReason: postgresUnavailableReason,
    async open() {
      cluster ??= await startPostgresCluster();
      const url = await cluster.createDatabase(`records_${++databases}`);
      const db = await openDatabase({ home: tmpdir(), url });
      await db.migrate();
      return { db, dispose: () => db.close() };
    },
  },
];

afterAll(async () => {
  await cluster?.stop();
});

const corpus = {
  name: "notes",
  embeddingModel: "tiny-encoder",
  dimensions: 4,
  activeTable: "notes",
  chunkSize: 200,
  chunkOverlap: 20,
  embeddingSettings: { provider: "transformers" as const, model: "tiny-encoder", pooling: "mean" as const },
};

function documentRow(id: string, overrides: Partial<Parameters<typeof saveDocuments>[1][number]> = {}) {
  return {
    corpus: corpus.name,
    id,
    uri: `file:${id}.md`,
    title: id,
    contentHash: `hash-${id}`,
    tableName: "notes",
    status: "indexed" as const,
    chunkCount: 2,
    jobId: "job-1",
    updatedAt: "2026-12-01T00:00:00.000Z",
    ...overrides,
  };
}

function askRow(id: string, overrides: Partial<Parameters<typeof recordAsk>[1]> = {}) {
  return {
    id,
    question: "Where was Ada born?",
    corpus: corpus.name,
    strategy: "recall-then-retrieve",
    parameters: { k: 4, nested: { gate: 0.5 } },
    answer: "Teithin",
    confidence: 0.82,
    abstained: false,
    retrievals: 1,
    modelCalls: 5,
    promptTokens: 120,
    completionTokens: 18,
    latencyMs: 431.5,
    status: "answered" as const,
    trace: [{ kind: "draft", text: "Ada was born in Teithin." }],
    ...overrides,
  };
}

const isoTimestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

for (const dialect of dialects) {
  const title = `the records on ${dialect.name}${dialect.skipReason === undefined ? "" : ` (skipped: ${dialect.skipReason})`}`;

  describe.skipIf(dialect.skipReason !== undefined)(title, () => {
    let db: Database;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ db, dispose } = await dialect.open());
      await insertCorpus(db, corpus);
    }, 60_000);

    afterAll(async () => {
      await dispose?.();
    });

    describe("corpora", () => {
      it("read back what was inserted, JSON settings and default timestamps included", async () => {
        const found = await findCorpus(db, corpus.name);
        expect(found).toMatchObject(corpus);
        expect(found?.createdAt).toMatch(isoTimestamp);
        expect(await findCorpus(db, "absent")).toBeUndefined();
        expect((await listCorpora(db)).map((record) => record.name)).toEqual([corpus.name]);
      });

      it("switch to a pending version in one step, retiring the table that served", async () => {
        await insertCorpus(db, { ...corpus, name: "versions", activeTable: "versions" });
        await updateCorpus(db, "versions", { pendingTable: "versions-2", pendingModel: "other", pendingDimensions: 8 });
        const pending = await findCorpus(db, "versions");
        if (!pending) throw new Error("the corpus was not stored");
        const dropAfter = new Date(Date.now() + 60_000);
        await switchToPendingVersion(db, pending, dropAfter);

        expect(await findCorpus(db, "versions")).toMatchObject({
          activeTable: "versions-2",
          embeddingModel: "other",
          dimensions: 8,
          pendingTable: null,
        });
        expect(await retiredTablesOf(db, "versions")).toEqual([
          expect.objectContaining({ name: "versions", dropAfter: dropAfter.toISOString() }),
        ]);
        expect(await dueRetiredTables(db, new Date())).toEqual([]);
        expect((await dueRetiredTables(db, new Date(dropAfter.getTime() + 1))).map((table) => table.name)).toEqual([
          "versions",
        ]);
        await forgetRetiredTable(db, "versions");
        expect(await retiredTablesOf(db, "versions")).toEqual([]);
        await deleteCorpusRecord(db, "versions");
        expect(await findCorpus(db, "versions")).toBeUndefined();
      });
    });

    describe("documents", () => {
      beforeEach(async () => {
        await deleteDocuments(db, corpus.name, ["a", "b", "c"]);
      });

      it("are replaced by id on save and counted as numbers", async () => {
        await saveDocuments(db, [documentRow("a"), documentRow("b", { chunkCount: 3 })]);
        await saveDocuments(db, [documentRow("a", { title: "A again", chunkCount: 5 })]);

        const found = await findDocuments(db, corpus.name, ["a", "b", "absent"]);
        expect([...found.keys()].sort()).toEqual(["a", "b"]);
        expect(found.get("a")).toMatchObject({ title: "A again", chunkCount: 5 });
        expect(await corpusCounts(db, corpus.name)).toEqual({ documents: 2, chunks: 8 });
        const [summary] = await corpusSummaries(db);
        expect(summary).toMatchObject({ name: corpus.name, documents: 2, chunks: 8 });
      });

      it("move between pending and indexed, tables and jobs", async () => {
        await saveDocuments(db, [documentRow("a"), documentRow("b"), documentRow("c", { tableName: "notes-2" })]);
        await markPending(db, corpus.name, ["b"]);
        expect(await countDocumentsOutsideTable(db, corpus.name, "notes")).toBe(2);
        await markIndexed(db, corpus.name, ["b"]);
        expect(await countDocumentsOutsideTable(db, corpus.name, "notes")).toBe(1);

        await returnDocuments(db, corpus.name, "notes-2", "notes");
        const placements = await documentPlacements(db, corpus.name);
        expect(placements.find((placement) => placement.id === "c")).toEqual({
          id: "c",
          tableName: "notes",
          status: "pending",
          chunkCount: 2,
        });

        await touchDocuments(db, corpus.name, ["a", "c"], "job-2");
        expect(await documentsNotSeenBy(db, corpus.name, "job-2")).toEqual(["b"]);
        expect((await someDocumentIds(db, corpus.name, 2)).length).toBe(2);
      });

      it("list a corpus's documents by id, a page at a time, of one status when asked", async () => {
        await insertCorpus(db, { ...corpus, name: "shelf", activeTable: "shelf" });
        const ids = ["d1", "d2", "d3", "d4", "d5"];
        await saveDocuments(
          db,
          ids.map((id, index) => documentRow(id, { corpus: "shelf", status: index % 2 === 0 ? "indexed" : "pending" })),
        );
        const first = await listDocuments(db, "shelf", { limit: 2 });
        expect(first).toEqual([
          {
            id: "d1",
            title: "d1",
            uri: "file:d1.md",
            status: "indexed",
            chunkCount: 2,
            updatedAt: "2026-12-01T00:00:00.000Z",
          },
          expect.objectContaining({ id: "d2", status: "pending" }),
        ]);
        const second = await listDocuments(db, "shelf", { limit: 2, after: "d2" });
        const third = await listDocuments(db, "shelf", { limit: 2, after: "d4" });
        expect([...first, ...second, ...third].map((document) => document.id)).toEqual(ids);
        expect(await listDocuments(db, "shelf", { limit: 2, after: "d5" })).toEqual([]);
        expect(
          (await listDocuments(db, "shelf", { limit: 10, status: "pending" })).map((document) => document.id),
        ).toEqual(["d2", "d4"]);
        expect(
          (await listDocuments(db, "shelf", { limit: 1, status: "indexed", after: "d1" })).map(
            (document) => document.id,
          ),
        ).toEqual(["d3"]);
        await deleteCorpusRecord(db, "shelf");
      });
    });

    describe("index jobs and leases", () => {
      it("mark a job left running by a dead process as interrupted when the next one starts", async () => {
        expect(await startJob(db, "job-a", corpus.name, ["docs/"])).toEqual({ interrupted: 0 });
        await recordJobProgress(db, "job-a", {
          documents: 3,
          chunks: 9,
          embedded: 9,
          skipped: 0,
          failed: 1,
          pruned: 0,
        });
        await recordDocumentErrors(db, "job-a", [{ uri: "file:bad.md", reason: "not UTF-8" }]);
        expect(await startJob(db, "job-b", corpus.name, ["docs/"])).toEqual({ interrupted: 1 });
        await finishJob(
          db,
          "job-b",
          "succeeded",
          { documents: 3, chunks: 9, embedded: 0, skipped: 3, failed: 0, pruned: 0 },
          1.25,
        );
      });

      it("read a corpus's latest document errors back with their run's sources and the upload job of the run", async () => {
        await insertCorpus(db, { ...corpus, name: "failing", activeTable: "failing" });
        await startJob(db, "run-cli", "failing", ["/srv/docs"]);
        await recordDocumentErrors(db, "run-cli", [
          { uri: "/srv/docs/a.md", reason: "the file has no text" },
          { uri: "/srv/docs/b.jsonl:3", reason: "line 3 is not a JSON object" },
        ]);
        await startJob(db, "run-upload", "failing", []);
        await insertUploadJob(db, {
          id: "upload-failing",
          corpus: "failing",
          status: "succeeded",
          runId: "run-upload",
          items: [],
          host: "machine-a",
          pid: 1,
          processId: "process-a",
        });
        await recordDocumentErrors(db, "run-upload", [{ uri: "c.txt", reason: "the file is not UTF-8 text" }]);
        await startJob(db, "run-elsewhere", corpus.name, []);
        await recordDocumentErrors(db, "run-elsewhere", [{ uri: "other.md", reason: "not this corpus" }]);

        const errors = await recentDocumentErrors(db, "failing", 10);
        expect(errors.map((error) => [error.uri, error.runId, error.uploadJobId])).toEqual([
          ["c.txt", "run-upload", "upload-failing"],
          ["/srv/docs/b.jsonl:3", "run-cli", null],
          ["/srv/docs/a.md", "run-cli", null],
        ]);
        expect(errors[1]).toMatchObject({ reason: "line 3 is not a JSON object", sources: ["/srv/docs"] });
        expect(errors[0]?.createdAt).toMatch(isoTimestamp);
        expect((await recentDocumentErrors(db, "failing", 1)).map((error) => error.uri)).toEqual(["c.txt"]);
        expect(await recentDocumentErrors(db, "absent", 10)).toEqual([]);
      });

      it("go with their corpus when it is deleted: one recreated under its name starts without them", async () => {
        const name = "recreated";
        await insertCorpus(db, { ...corpus, name, activeTable: name });
        await saveDocuments(db, [documentRow("kept", { corpus: name, tableName: name, jobId: "run-old" })]);
        await startJob(db, "run-old", name, ["/srv/old"]);
        await recordDocumentErrors(db, "run-old", [{ uri: "/srv/old/broken.md", reason: "the file has no text" }]);
        await insertUploadJob(db, {
          id: "upload-old",
          corpus: name,
          status: "succeeded",
          runId: "run-old",
          items: [],
          host: "machine-a",
          pid: 1,
          processId: "process-a",
        });
        await startJob(db, "run-neighbour", "neighbour", []);
        await recordDocumentErrors(db, "run-neighbour", [{ uri: "next-door.md", reason: "not the deleted corpus" }]);
        expect(await recentDocumentErrors(db, name, 10)).toHaveLength(1);

        await deleteCorpusRecord(db, name);
        const { documentErrors, indexJobs } = db.tables;
        expect(await db.orm.select().from(indexJobs).where(eq(indexJobs.corpus, name))).toEqual([]);
        expect(await db.orm.select().from(documentErrors).where(eq(documentErrors.jobId, "run-old"))).toEqual([]);
        expect(await findUploadJob(db, "upload-old")).toBeUndefined();
        expect((await recentDocumentErrors(db, "neighbour", 10)).map((error) => error.uri)).toEqual(["next-door.md"]);

        await insertCorpus(db, { ...corpus, name, activeTable: name });
        expect(await recentDocumentErrors(db, name, 10)).toEqual([]);
        expect(await listDocuments(db, name, { limit: 10 })).toEqual([]);
        await deleteCorpusRecord(db, name);
      });

      it("give a corpus one writer: a live lease is kept, an expired one taken, a gone holder's taken over", async () => {
        const now = new Date("2026-12-02T10:00:00.000Z");
        const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
        const request = { corpus: corpus.name, host: "machine-a", pid: 100, now, expiresAt: later(30) };

        expect((await takeLease(db, { ...request, holder: "first" })).holder).toBe("first");
        expect((await takeLease(db, { ...request, holder: "second", now: later(10) })).holder).toBe("first");
        expect(await renewLease(db, { corpus: corpus.name, holder: "first", expiresAt: later(60) })).toBe(true);
        expect(await renewLease(db, { corpus: corpus.name, holder: "second", expiresAt: later(60) })).toBe(false);
        expect((await findLiveLease(db, corpus.name, later(59)))?.holder).toBe("first");
        expect(await findLiveLease(db, corpus.name, later(61))).toBeUndefined();

        const taken = await takeLease(db, { ...request, holder: "second", now: later(61), expiresAt: later(91) });
        expect(taken).toMatchObject({ holder: "second", host: "machine-a", pid: 100 });

        expect(await takeLeaseFrom(db, "first", { ...request, holder: "third" })).toBeUndefined();
        expect(await takeLeaseFrom(db, "second", { ...request, holder: "third" })).toMatchObject({ holder: "third" });
        await releaseLease(db, { corpus: corpus.name, holder: "second" });
        expect((await findLiveLease(db, corpus.name, now))?.holder).toBe("third");
        await releaseLease(db, { corpus: corpus.name, holder: "third" });
        expect(await findLiveLease(db, corpus.name, now)).toBeUndefined();
      });

      it("let exactly one of many concurrent takers win a free lease", async () => {
        const now = new Date();
        const takers = Array.from({ length: 8 }, (_, index) =>
          takeLease(db, {
            corpus: corpus.name,
            holder: `taker-${index}`,
            host: "machine-b",
            pid: index,
            now,
            expiresAt: new Date(now.getTime() + 30_000),
          }),
        );
        const holders = new Set((await Promise.all(takers)).map((lease) => lease.holder));
        expect(holders.size).toBe(1);
        const [winner] = [...holders];
        await releaseLease(db, { corpus: corpus.name, holder: winner as string });
      });
    });

    describe("upload jobs", () => {
      it("store their items as JSON and their progress", async () => {
        await insertUploadJob(db, {
          id: "upload-1",
          corpus: corpus.name,
          status: "queued",
          items: [{ id: "a", uri: "upload:a.md", state: "queued" }],
          host: "machine-a",
          pid: 1,
          processId: "process-a",
        });
        await updateUploadJob(db, "upload-1", "process-a", {
          status: "succeeded",
          documents: 1,
          items: [{ id: "a", uri: "upload:a.md", state: "ready" }],
        });
        expect(await findUploadJob(db, "upload-1")).toMatchObject({
          status: "succeeded",
          documents: 1,
          items: [{ id: "a", uri: "upload:a.md", state: "ready" }],
        });
        expect(await findUploadJob(db, "absent")).toBeUndefined();
      });

      it("keep their inputs, beat for their process, and go to exactly one of the servers that claim them", async () => {
        const job = (id: string, processId: string) => ({
          id,
          corpus: corpus.name,
          status: "queued" as const,
          items: [],
          host: "machine-a",
          pid: 7,
          processId,
          heartbeatAt: "2026-12-02T10:00:00.000Z",
        });
        const inputs = [
          { position: 0, kind: "file" as const, name: "a.md", content: Buffer.from("# A").toString("base64") },
          { position: 1, kind: "document" as const, name: "b", content: JSON.stringify({ id: "b", text: "B." }) },
        ];
        await insertUploadJob(db, job("with-inputs", "process-a"), inputs);
        await insertUploadJob(db, job("without-inputs", "process-a"));
        await insertUploadJob(db, job("of-b", "process-b"), inputs);

        expect(await uploadJobInputsOf(db, "with-inputs")).toEqual(inputs);
        await beatUploadJobs(db, "process-a", new Date("2026-12-02T10:00:05.000Z"));
        expect((await findUploadJob(db, "with-inputs"))?.heartbeatAt).toBe("2026-12-02T10:00:05.000Z");
        expect((await findUploadJob(db, "of-b"))?.heartbeatAt).toBe("2026-12-02T10:00:00.000Z");

        expect((await unfinishedJobsOfOthers(db, "process-b")).map((record) => record.id)).toEqual(["with-inputs"]);
        const at = new Date("2026-12-02T10:05:00.000Z");
        const seen = await findUploadJob(db, "with-inputs");
        if (!seen) throw new Error("the job was not stored");
        const startedOver = { status: "queued" as const, documents: 0 };
        const claims = await Promise.all(
          ["server-1", "server-2", "server-3"].map((processId) =>
            claimUploadJob(db, seen, { processId, host: "machine-b", pid: 9 }, at, startedOver),
          ),
        );
        const winners = claims.filter((claim) => claim !== undefined);
        expect(winners).toHaveLength(1);
        expect(winners[0]).toMatchObject({ host: "machine-b", status: "queued", heartbeatAt: at.toISOString() });

        // The process it was taken from can no longer write its record; the new owner can.
        expect(await updateUploadJob(db, "with-inputs", "process-a", { status: "failed" })).toBe(false);
        expect(await updateUploadJob(db, "with-inputs", winners[0]?.processId ?? "", { documents: 2 })).toBe(true);
        expect(await findUploadJob(db, "with-inputs")).toMatchObject({ status: "queued", documents: 2 });

        // A job that beat again since it was seen, or has finished, is not claimed.
        const ofB = await findUploadJob(db, "of-b");
        if (!ofB) throw new Error("the job was not stored");
        await beatUploadJobs(db, "process-b", new Date("2026-12-02T10:06:00.000Z"));
        expect(await claimUploadJob(db, ofB, { processId: "x", host: "y", pid: 1 }, at, startedOver)).toBeUndefined();
        await updateUploadJob(db, "of-b", "process-b", { status: "succeeded" });
        const finishedOfB = await findUploadJob(db, "of-b");
        if (!finishedOfB) throw new Error("the job was not stored");
        expect(
          await claimUploadJob(db, finishedOfB, { processId: "x", host: "y", pid: 1 }, at, startedOver),
        ).toBeUndefined();
        await forgetUploadJobInputs(db, "with-inputs");
        expect(await uploadJobInputsOf(db, "with-inputs")).toEqual([]);
      });

      it("are recorded with all their inputs or not at all", async () => {
        const input = { position: 0, kind: "document" as const, name: "a", content: "{}" };
        const job = {
          id: "all-or-nothing",
          corpus: corpus.name,
          status: "queued" as const,
          items: [],
          host: "h",
          pid: 1,
        };
        await expect(insertUploadJob(db, job, [input, input])).rejects.toThrow();
        expect(await findUploadJob(db, "all-or-nothing")).toBeUndefined();
        expect(await uploadJobInputsOf(db, "all-or-nothing")).toEqual([]);
      });
    });

    describe("asks, feedback and experiments", () => {
      it("store an ask with its trace and booleans as they were", async () => {
        await recordAsk(db, askRow("ask-1", { calibrated: true }));
        expect(await findAsk(db, "ask-1")).toMatchObject({
          ...askRow("ask-1"),
          abstained: false,
          calibrated: true,
          experiment: null,
        });
      });

      it("keep one feedback record per ask and key: a repeat replaces it", async () => {
        await recordAsk(db, askRow("ask-2"));
        const first = await recordFeedback(db, { askId: "ask-2", keyId: "key-1", score: 0.5, correct: false });
        const again = await recordFeedback(db, { askId: "ask-2", keyId: "key-1", score: 1, correct: true });
        const other = await recordFeedback(db, { askId: "ask-2", keyId: "key-2", score: 0 });
        expect([first.replaced, again.replaced, other.replaced]).toEqual([false, true, false]);
        expect(again.record).toMatchObject({ id: first.record.id, score: 1, correct: true });
        expect(other.record.id).not.toBe(first.record.id);
      });

      it("refuse a second experiment of one name and move it through its states", async () => {
        const variants = [
          { name: "control", strategy: "always-retrieve", params: {}, weight: 1 },
          { name: "treatment", strategy: "recall-then-retrieve", params: { k: 4 }, weight: 1 },
        ];
        const definition = { name: "gate", corpus: corpus.name, status: "running" as const, variants };
        expect(await insertExperiment(db, definition)).toMatchObject({ name: "gate", variants });
        expect(await insertExperiment(db, definition)).toBeUndefined();
        await setExperimentStatus(db, "gate", "paused");
        expect((await findExperiment(db, "gate"))?.status).toBe("paused");
        expect((await listExperiments(db)).map((experiment) => experiment.name)).toEqual(["gate"]);

        await recordAsk(db, askRow("ask-3", { experiment: "gate", variant: "control" }));
        await recordAsk(db, askRow("ask-4", { experiment: "gate", variant: "treatment", abstained: true }));
        await recordFeedback(db, { askId: "ask-3", keyId: "key-1", score: 1, correct: true });
        const experiment = await findExperiment(db, "gate");
        if (!experiment) throw new Error("the experiment was not stored");
        const results = await experimentResults(db, experiment);
        expect(results.variants.map((variant) => [variant.variant, variant.asks, variant.feedback.count])).toEqual([
          ["control", 1, 1],
          ["treatment", 1, 0],
        ]);
        expect(await deleteExperiment(db, "gate")).toBe(true);
        expect(await findExperiment(db, "gate")).toBeUndefined();
        expect(await deleteExperiment(db, "gate")).toBe(false);
      });
    });

    describe("listing asks", () => {
      const at = (second: number) => `2026-12-01T10:00:${String(second).padStart(2, "0")}.000Z`;
      /** Asks of one strategy, so that the other tests' asks stay out of these lists. */
      const listed = (query: Omit<AskListQuery, "strategy" | "limit"> & { limit?: number } = {}) =>
        listAsks(db, { strategy: "shelving", limit: 100, ...query });
      const ids = (asks: readonly { id: string }[]) => asks.map((ask) => ask.id);

      beforeAll(async () => {
        const shelved = (id: string, second: number, overrides: Partial<Parameters<typeof recordAsk>[1]> = {}) =>
          recordAsk(db, askRow(id, { strategy: "shelving", createdAt: at(second), keyId: "key-a", ...overrides }));
        await shelved("s1", 1);
        await shelved("s2", 2, { abstained: true, keyId: "key-b" });
        // Two asks in the same millisecond: their ids order them.
        await shelved("s3a", 3, { status: "failed", error: "model_failed", answer: "" });
        await shelved("s3b", 3, { experiment: "gate", variant: "treatment" });
        await shelved("s4", 4, { corpus: "other", keyId: "key-b" });
        await shelved("s5", 5, { corpus: null, keyId: "key-a" });
        await shelved("s6", 6, { corpus: null, keyId: "key-b" });
        await shelved("s7", 7, { keyId: null });
      });

      it("list them newest first, a page at a time, without repeats or gaps", async () => {
        const all = await listed();
        expect(ids(all)).toEqual(["s7", "s6", "s5", "s4", "s3b", "s3a", "s2", "s1"]);
        expect(all[0]).toEqual({
          id: "s7",
          createdAt: at(7),
          question: "Where was Ada born?",
          corpus: corpus.name,
          strategy: "shelving",
          experiment: null,
          variant: null,
          answer: "Teithin",
          confidence: 0.82,
          calibrated: null,
          abstained: false,
          retrievals: 1,
          latencyMs: 431.5,
          status: "answered",
          error: null,
          keyId: null,
        });
        const pages: string[][] = [];
        let before: AskListQuery["before"];
        for (let page = 0; page < 4; page++) {
          const asks = await listed({ limit: 3, before });
          pages.push(ids(asks));
          const last = asks.at(-1);
          if (!last) break;
          before = { createdAt: last.createdAt, id: last.id };
        }
        expect(pages).toEqual([["s7", "s6", "s5"], ["s4", "s3b", "s3a"], ["s2", "s1"], []]);
      });

      it("filter them by corpus, experiment and variant, abstention, status and key", async () => {
        expect(ids(await listed({ corpus: "other" }))).toEqual(["s4"]);
        expect(ids(await listed({ experiment: "gate", variant: "treatment" }))).toEqual(["s3b"]);
        expect(ids(await listed({ experiment: "gate", variant: "control" }))).toEqual([]);
        expect(ids(await listed({ abstained: true }))).toEqual(["s2"]);
        expect(ids(await listed({ status: "failed" }))).toEqual(["s3a"]);
        expect(ids(await listed({ keyId: "key-b" }))).toEqual(["s6", "s4", "s2"]);
        expect(ids(await listed({ keyId: null }))).toEqual(["s7"]);
      });

      it("keep to some corpora, with the closed-book asks of one key", async () => {
        const onNotes = { names: [corpus.name], closedBookKeyId: "key-a" };
        expect(ids(await listed({ corpora: onNotes }))).toEqual(["s7", "s5", "s3b", "s3a", "s2", "s1"]);
        expect(ids(await listed({ corpora: { names: [], closedBookKeyId: "key-b" } }))).toEqual(["s6"]);
        expect(ids(await listed({ corpora: { names: [], closedBookKeyId: null } }))).toEqual([]);
        expect(ids(await listed({ corpora: onNotes, keyId: "key-b" }))).toEqual(["s2"]);
      });
    });

    describe("keys and calibrations", () => {
      it("find a key by its hash, list keys newest first, revoke once", async () => {
        expect(await anyKeyExists(db)).toBe(false);
        await insertKey(db, {
          id: "k1",
          name: "first",
          keyHash: "h1",
          prefix: "rk_a",
          scopes: ["ask"],
          createdAt: "2026-12-01T00:00:00.000Z",
        });
        await insertKey(db, {
          id: "k2",
          name: "second",
          keyHash: "h2",
          prefix: "rk_b",
          scopes: ["ask", "index"],
          corpora: [corpus.name],
          createdAt: "2026-12-02T00:00:00.000Z",
        });
        expect(await anyKeyExists(db)).toBe(true);
        expect(await findKeyByHash(db, "h2")).toMatchObject({ id: "k2", corpora: [corpus.name] });
        expect((await listKeys(db)).map((key) => key.id)).toEqual(["k2", "k1"]);
        expect((await revokeKey(db, "k1", "2026-12-03T00:00:00.000Z"))?.revokedAt).toBe("2026-12-03T00:00:00.000Z");
        expect((await revokeKey(db, "k1", "2026-12-04T00:00:00.000Z"))?.revokedAt).toBe("2026-12-03T00:00:00.000Z");
        expect(await revokeKey(db, "absent", "2026-12-04T00:00:00.000Z")).toBeUndefined();
      });

      it("replace a model's calibration with a new fit", async () => {
        const calibration = { bias: 0.1, agreement: 1, probability: 2, steps: 0.5, support: 1, unsupportedSteps: -1 };
        const record = {
          modelId: "tiny-lm@1",
          calibration,
          abstainBelow: 0.3,
          questions: 40,
          datasets: ["dev.jsonl"],
          corpus: corpus.name,
          strategies: ["recall-then-retrieve"],
          conditions: { promptFormat: "bundled" },
        };
        await saveModelCalibration(db, record);
        await saveModelCalibration(db, { ...record, abstainBelow: 0.4 });
        expect(await findModelCalibration(db, "tiny-lm@1")).toMatchObject({ abstainBelow: 0.4, calibration });
        expect(await findModelCalibration(db, "absent")).toBeUndefined();
      });
    });
  });
}
