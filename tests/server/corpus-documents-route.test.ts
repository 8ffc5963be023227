import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedKey } from "../../src/app/api-keys.ts";
import type { DocumentPage, IndexFailure } from "../../src/app/corpus-documents.ts";
import type { IndexJobView } from "../../src/app/index-job-view.ts";
import type { RecallApp } from "../../src/app/recall-app.ts";
import { markPending } from "../../src/db/document-records.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { loadTinyEmbeddingModel } from "../support/bundled.ts";
import { FailingLanguageModel } from "../support/failing-language-model.ts";
import { httpApp } from "../support/http-app.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * A corpus indexed twice by `recall index` from a folder (the paths it read are the server's) and once by an upload,
 * each run with documents it could not index; then read back over HTTP.
 */
describe("a corpus's documents and failures over HTTP", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let sources: string;
  let app: Hono<ServerEnv>;
  let recall: RecallApp;
  /** search, every corpus. */
  let searcher: CreatedKey;
  /** index, every corpus. */
  let indexer: CreatedKey;
  /** ask only. */
  let asker: CreatedKey;
  /** search, on another corpus only. */
  let stranger: CreatedKey;
  let uploadJob: string;
  /** Every response body, to check that no server path shows in any. */
  const bodies: string[] = [];

  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    sources = await mkdtemp(join(tmpdir(), "recall-documents-"));
    const docs = join(sources, "docs");
    await mkdir(join(docs, "sub"), { recursive: true });
    await writeFile(join(docs, "alpha.md"), "# Alpha\n\nThe alpha harbour opens at dawn.");
    await writeFile(join(docs, "beta.txt"), "The beta market sells quokkaberries.");
    await writeFile(join(docs, "changing.md"), "# Changing\n\nThis one is readable the first time.");
    await writeFile(join(docs, "delta.md"), "# Delta\n\nThe delta ferry runs hourly.");
    await writeFile(join(docs, "gamma.txt"), "The gamma lighthouse is painted red.");
    await writeFile(join(docs, "sub", "epsilon.md"), "# Epsilon\n\nThe epsilon bridge crosses the river.");
    await writeFile(join(docs, "empty.txt"), "   \n");
    await writeFile(
      join(docs, "lines.jsonl"),
      `${JSON.stringify({ _id: "j1", title: "Tides", text: "The tide turns twice a day." })}\n{not json\n`,
    );
    const embeddingModel = await loadTinyEmbeddingModel();
    const languageModel = new FailingLanguageModel(() => new Error("reading documents called the language model"));
    ({ app, recall } = httpApp({ db: workspace.db, store: workspace.store, languageModel, embeddingModel }));
    await recall.corpora.index({ corpus: "notes", paths: [docs] });
    // The second run cannot read a document the first one indexed.
    await copyFile(join(projectRoot, "fixtures", "documents", "bad", "binary.txt"), join(docs, "changing.md"));
    await recall.corpora.index({ corpus: "notes", paths: [docs] });
    await markPending(workspace.db, "notes", ["gamma.txt"]);

    searcher = await recall.keys.create({ name: "searcher", corpora: "all", scopes: ["search"] });
    indexer = await recall.keys.create({ name: "indexer", corpora: "all", scopes: ["index"] });
    asker = await recall.keys.create({ name: "asker", corpora: "all", scopes: ["ask"] });
    stranger = await recall.keys.create({ name: "stranger", corpora: ["elsewhere"], scopes: ["search"] });
    const uploaded = await call("/v1/corpora/notes/documents", indexer, {
      documents: [
        { id: "memo-1", title: "Memo", text: "The harbour master retires in May." },
        { id: "memo-2", text: "   " },
      ],
    });
    expect(uploaded.status).toBe(202);
    uploadJob = ((await uploaded.json()) as { job: IndexJobView }).job.id;
    for (;;) {
      const { job } = (await (await call(`/v1/jobs/${uploadJob}`, indexer)).json()) as { job: IndexJobView };
      if (job.status === "succeeded" || job.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }, 120_000);
  afterAll(async () => {
    await recall?.close();
    await workspace?.dispose();
    if (sources) await rm(sources, { recursive: true, force: true });
  });

  async function call(path: string, key: CreatedKey, body?: unknown): Promise<Response> {
    const response = await app.request(path, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        authorization: `Bearer ${key.key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    bodies.push(await response.clone().text());
    return response;
  }
  const read = async <T>(path: string, key: CreatedKey = searcher): Promise<T> => {
    const response = await call(path, key);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as T;
  };
  const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

  describe("GET /v1/corpora/{name}/documents", () => {
    it("lists the documents by id, each with its title, relative uri, status, chunks and time", async () => {
      const page = await read<DocumentPage>("/v1/corpora/notes/documents?limit=100");
      expect(page.documents.map((document) => document.id)).toEqual([
        "alpha.md",
        "beta.txt",
        "changing.md",
        "delta.md",
        "gamma.txt",
        "j1",
        "memo-1",
        "sub/epsilon.md",
      ]);
      expect(page.next).toBeNull();
      expect(page.documents[0]).toEqual({
        id: "alpha.md",
        title: "Alpha",
        uri: "alpha.md",
        status: "indexed",
        chunkCount: 1,
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(page.documents.find((document) => document.id === "j1")).toMatchObject({
        title: "Tides",
        uri: "lines.jsonl:1",
      });
    });

    it("pages through them, `next` an opaque cursor, without a repeat or a gap", async () => {
      const pages: string[][] = [];
      let path = "/v1/corpora/notes/documents?limit=3";
      for (;;) {
        const page = await read<DocumentPage>(path);
        pages.push(page.documents.map((document) => document.id));
        if (page.next === null) break;
        expect(page.next).toMatch(/^[\w-]+$/);
        expect(page.next).not.toBe(page.documents.at(-1)?.id);
        path = `/v1/corpora/notes/documents?limit=3&after=${page.next}`;
      }
      expect(pages).toEqual([
        ["alpha.md", "beta.txt", "changing.md"],
        ["delta.md", "gamma.txt", "j1"],
        ["memo-1", "sub/epsilon.md"],
      ]);
    });

    it("pages past documents whose ids are thousands of characters long, or hold what a query string escapes", async () => {
      expect((await call("/v1/corpora", indexer, { name: "long-ids" })).status).toBe(201);
      const ids = ["a".repeat(3000), `b${"/é&?=#+ ".repeat(400)}`, "c"];
      await workspace.db.orm.insert(workspace.db.tables.documents).values(
        ids.map((id) => ({
          corpus: "long-ids",
          id,
          uri: id,
          title: "",
          contentHash: "0",
          tableName: "long_ids",
          status: "indexed" as const,
          chunkCount: 1,
          jobId: "seeded",
        })),
      );
      const seen: string[] = [];
      let path = "/v1/corpora/long-ids/documents?limit=1";
      for (;;) {
        const page = await read<DocumentPage>(path);
        seen.push(...page.documents.map((document) => document.id));
        if (page.next === null) break;
        path = `/v1/corpora/long-ids/documents?limit=1&after=${page.next}`;
      }
      expect(seen).toEqual(ids);
    });

    it("keeps to one status when asked, and shows 20 at most by default", async () => {
      const pending = await read<DocumentPage>("/v1/corpora/notes/documents?status=pending");
      expect(pending.documents.map((document) => [document.id, document.status])).toEqual([["gamma.txt", "pending"]]);
      const indexed = await read<DocumentPage>("/v1/corpora/notes/documents?status=indexed");
      expect(indexed.documents).toHaveLength(7);
      expect(indexed.documents.every((document) => document.status === "indexed")).toBe(true);
    });
  });

  describe("GET /v1/corpora/{name}/failures", () => {
    it("lists what the runs could not index, latest first, relative to what was indexed, with the upload's job", async () => {
      const { failures } = await read<{ failures: IndexFailure[] }>("/v1/corpora/notes/failures");
      expect(failures.map((failure) => [failure.uri, failure.jobId])).toEqual([
        ["memo-2", uploadJob],
        ["lines.jsonl:2", null],
        ["empty.txt", null],
        ["changing.md", null],
        ["lines.jsonl:2", null],
        ["empty.txt", null],
      ]);
      const [memo, , , changing, , firstEmpty] = failures;
      expect(memo).toEqual({
        uri: "memo-2",
        documentId: null,
        title: null,
        reason: "the document has no text to index",
        runId: expect.any(String),
        jobId: uploadJob,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(changing).toMatchObject({
        documentId: "changing.md",
        title: "Changing",
        reason: "the file is binary (it contains NUL bytes)",
      });
      expect(firstEmpty).toMatchObject({ documentId: null, reason: "the file has no text" });
      expect(changing?.runId).not.toBe(firstEmpty?.runId);
      expect(failures[1]?.reason).toMatch(/^line 2 is not valid JSON/);
    });

    it("keeps to `limit`", async () => {
      const { failures } = await read<{ failures: IndexFailure[] }>("/v1/corpora/notes/failures?limit=2", indexer);
      expect(failures.map((failure) => failure.uri)).toEqual(["memo-2", "lines.jsonl:2"]);
    });
  });

  describe("either route", () => {
    const routes = ["/v1/corpora/notes/documents", "/v1/corpora/notes/failures"];

    it("answers a key with the search or the index scope, and refuses (403) one with neither", async () => {
      for (const path of routes) {
        expect((await call(path, searcher)).status).toBe(200);
        expect((await call(path, indexer)).status).toBe(200);
        const refused = await call(path, asker);
        expect(refused.status).toBe(403);
        expect(await errorOf(refused)).toMatchObject({ code: "forbidden", message: expect.stringContaining("search") });
      }
    });

    it("refuses (403) a key that may not use the corpus", async () => {
      for (const path of routes) {
        const refused = await call(path, stranger);
        expect(refused.status).toBe(403);
        expect((await errorOf(refused)).code).toBe("forbidden");
      }
    });

    it("is 404 corpus_not_found for a corpus that does not exist", async () => {
      for (const path of ["/v1/corpora/nope/documents", "/v1/corpora/nope/failures"]) {
        const response = await call(path, searcher);
        expect(response.status).toBe(404);
        expect((await errorOf(response)).code).toBe("corpus_not_found");
      }
    });

    it.each([
      ["/v1/corpora/notes/documents?limit=0", "limit"],
      ["/v1/corpora/notes/documents?limit=101", "limit"],
      ["/v1/corpora/notes/documents?status=failed", "status"],
      ["/v1/corpora/notes/documents?after=", "after"],
      ["/v1/corpora/notes/documents?after=alpha.md", "after"],
      [`/v1/corpora/notes/documents?after=${Buffer.from('["alpha.md","beta.txt"]').toString("base64url")}`, "after"],
      [`/v1/corpora/notes/documents?after=${Buffer.from('[""]').toString("base64url")}`, "after"],
      [`/v1/corpora/notes/documents?after=${"A".repeat(20_000)}`, "after"],
      ["/v1/corpora/notes/documents?before=alpha.md", "before"],
      ["/v1/corpora/notes/failures?limit=-1", "limit"],
      ["/v1/corpora/notes/failures?status=indexed", "status"],
    ])("is 400 naming the parameter for %s", async (path, parameter) => {
      const response = await call(path, searcher);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({
        code: "invalid_request",
        message: expect.stringContaining(`"${parameter}"`),
      });
    });

    it("never shows a server path", () => {
      expect(bodies.length).toBeGreaterThan(10);
      for (const body of bodies) {
        expect(body).not.toContain(sources);
        expect(body).not.toContain(workspace.home);
        expect(body).not.toContain(tmpdir());
      }
    });
  });
});
