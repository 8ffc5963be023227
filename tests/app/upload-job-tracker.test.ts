import { describe, expect, it } from "vitest";
import type { IndexSummary } from "../../indexers/index-corpus.ts";
import { jobView } from "../../src/app/index-job-view.ts";
import { listedDocumentsLimit, UploadJobTracker } from "../../src/app/upload-job-tracker.ts";
import type { UploadJobDocument } from "../../src/db/schema.ts";
import type { UploadJobRecord } from "../../src/db/upload-job-records.ts";

/** A queued job's record, with the documents it was sent with. */
const queued = (items: UploadJobDocument[] = []): UploadJobRecord => ({
  id: "job",
  corpus: "notes",
  status: "queued",
  runId: null,
  documents: 0,
  chunks: 0,
  embedded: 0,
  skipped: 0,
  failed: 0,
  items,
  unlisted: 0,
  errorCode: null,
  error: null,
  host: "here",
  pid: 1,
  processId: "this-process",
  heartbeatAt: "2026-01-01T00:00:00.000Z",
  createdAt: "2026-01-01T00:00:00.000Z",
  startedAt: null,
  finishedAt: null,
});

/** A run's summary with the given counts and failures. */
const summary = (documents: number, failures: IndexSummary["failures"] = []): IndexSummary => ({
  documents,
  chunks: documents,
  embedded: documents,
  skipped: 0,
  failed: failures.length,
  pruned: 0,
  seconds: 1,
  jobId: "run",
  corpus: "notes",
  table: "notes-1",
  failures,
  vectorIndex: false,
  versionPending: false,
});

const record = (line: number) => ({
  kind: "document" as const,
  document: { id: `r${line}`, uri: `records.jsonl:${line}`, title: `r${line}`, text: "text", metadata: {} },
});

describe("UploadJobTracker", () => {
  it("follows each sent document from queued to indexing to ready, and fails those the indexer failed or never read", () => {
    const tracker = new UploadJobTracker(
      queued([
        { id: "a.md", uri: "a.md", state: "queued" },
        { id: "b.pdf", uri: "b.pdf", state: "queued" },
        { id: "c.txt", uri: "c.txt", state: "queued" },
        { id: "d.txt", uri: "d.txt", state: "queued" },
      ]),
    );
    tracker.read({ kind: "document", document: { id: "a.md", uri: "a.md", title: "a", text: "a", metadata: {} } });
    tracker.read({ kind: "failure", uri: "b.pdf", reason: "the PDF has no text" });
    tracker.read({ kind: "document", document: { id: "c.txt", uri: "c.txt", title: "c", text: " ", metadata: {} } });
    expect(tracker.record.items.map((item) => item.state)).toEqual(["indexing", "failed", "indexing", "queued"]);

    tracker.succeed(summary(2, [{ uri: "c.txt", reason: "the document has no text to index" }]), "later");
    expect(tracker.record.items).toEqual([
      { id: "a.md", uri: "a.md", state: "ready" },
      { id: "b.pdf", uri: "b.pdf", state: "failed", reason: "the PDF has no text" },
      { id: "c.txt", uri: "c.txt", state: "failed", reason: "the document has no text to index" },
      { id: "d.txt", uri: "d.txt", state: "failed", reason: "the indexer did not read it" },
    ]);
    expect(tracker.record).toMatchObject({ status: "succeeded", runId: "run", unlisted: 0 });
  });

  it("hands out copies: a record read earlier does not change with the job", () => {
    const tracker = new UploadJobTracker(queued([{ id: "a.md", uri: "a.md", state: "queued" }]));
    const before = tracker.record;
    tracker.read({ kind: "document", document: { id: "a.md", uri: "a.md", title: "a", text: "a", metadata: {} } });
    expect(before.items).toEqual([{ id: "a.md", uri: "a.md", state: "queued" }]);
    expect(tracker.record.items).toEqual([{ id: "a.md", uri: "a.md", state: "indexing" }]);
  });

  it(`lists the first ${listedDocumentsLimit} documents of a 300,000-record upload, counts the rest, and takes linear time`, () => {
    const tracker = new UploadJobTracker(queued());
    const started = performance.now();
    for (let line = 1; line <= 300_000; line++) tracker.read(record(line));
    tracker.read({ kind: "failure", uri: "records.jsonl:300001", reason: "line 300001 is not valid JSON" });
    tracker.succeed(
      summary(300_000, [
        { uri: "records.jsonl:7", reason: "the document has no text to index" },
        { uri: "records.jsonl:250000", reason: "the document has no text to index" },
        { uri: "records.jsonl:300001", reason: "line 300001 is not valid JSON" },
      ]),
      "later",
    );
    expect(performance.now() - started).toBeLessThan(3000);

    const view = jobView(tracker.record);
    expect(view.documents).toHaveLength(listedDocumentsLimit);
    expect(view.unlistedDocuments).toBe(300_001 - listedDocumentsLimit);
    expect(view.documents[0]).toEqual({ id: "r1", uri: "records.jsonl:1", state: "ready" });
    expect(view.documents[6]).toMatchObject({ id: "r7", state: "failed" });
    expect(view.failures).toEqual([{ uri: "records.jsonl:7", reason: "the document has no text to index" }]);
    expect(view.counts).toMatchObject({ documents: 300_000, failed: 3 });
  });

  it("wakes a watcher for what it can see, not for each document past the listed ones", async () => {
    const tracker = new UploadJobTracker(queued());
    for (let line = 1; line <= listedDocumentsLimit; line++) tracker.read(record(line));
    const version = tracker.version;
    for (let line = listedDocumentsLimit + 1; line <= listedDocumentsLimit + 500; line++) tracker.read(record(line));
    expect(tracker.version).toBe(version);
    expect(tracker.record.unlisted).toBe(500);
    const woken = tracker.changed(version);
    tracker.progress({ documents: 1500, chunks: 1500, embedded: 64, skipped: 0, failed: 0, pruned: 0, seconds: 1 });
    await woken;
    expect(tracker.version).toBe(version + 1);
  });
});
