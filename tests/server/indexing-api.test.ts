import { readFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedKey } from "../../src/app/api-keys.ts";
import type { IndexJobView } from "../../src/app/index-job-view.ts";
import type { RecallApp } from "../../src/app/recall-app.ts";
import { updateCorpus } from "../../src/db/corpus-records.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { startServer } from "../../src/server/start-server.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { loadTinyEmbeddingModel } from "../support/bundled.ts";
import { FailingLanguageModel } from "../support/failing-language-model.ts";
import { HeldEmbeddingModel } from "../support/held-embedding-model.ts";
import { httpApp } from "../support/http-app.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

interface JobBody {
  job: IndexJobView;
  links: { self: string; events: string };
}
interface ErrorBody {
  error: { code: string; message: string };
}
interface SearchBody {
  passages: { documentId: string; uri: string; title: string; text: string; metadata: Record<string, unknown> }[];
}

/** A text file for a multipart upload. */
const textFile = (name: string, text: string) => new File([text], name);

/**
 * A request body of 64 chunks of 1 KiB that counts the chunks the server read: one that reads the body reads all 64;
 * one that refuses it unread at most the one or two a copy of the request (the deadline's) reads ahead.
 */
function countedBody(): { body: ReadableStream<Uint8Array>; read: () => number } {
  let read = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        read++;
        controller.enqueue(new Uint8Array(1024).fill(32));
        if (read === 64) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { body, read: () => read };
}

/**
 * Starts a chunked upload (no Content-Length) over a real socket and never ends its body: what the server answers
 * while the body is still arriving, and whether it closes the connection.
 */
function unendingUpload(
  url: string,
  headers: Record<string, string>,
  chunk: Uint8Array,
): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}/v1/corpora/notes/documents`,
      { method: "POST", headers: { "content-type": "multipart/form-data; boundary=recall", ...headers } },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (part: string) => {
          body += part;
        });
        response.on("end", () => {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body });
        });
      },
    );
    request.on("error", reject);
    request.write(chunk);
  });
}

describe("indexing over HTTP", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let embeddingModel: HeldEmbeddingModel;
  let app: Hono<ServerEnv>;
  let recall: RecallApp;
  /** index and search, on every corpus. */
  let indexer: CreatedKey;
  /** search only. */
  let reader: CreatedKey;
  /** index, on another corpus only. */
  let stranger: CreatedKey;

  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    embeddingModel = new HeldEmbeddingModel(await loadTinyEmbeddingModel());
    // Indexing never generates: a language model that fails every call shows it.
    const languageModel = new FailingLanguageModel(() => new Error("indexing called the language model"));
    ({ app, recall } = httpApp({ db: workspace.db, store: workspace.store, languageModel, embeddingModel }));
    indexer = await recall.keys.create({ name: "indexer", corpora: "all", scopes: ["index", "search"] });
    reader = await recall.keys.create({ name: "reader", corpora: "all", scopes: ["search"] });
    stranger = await recall.keys.create({ name: "stranger", corpora: ["elsewhere"], scopes: ["index"] });
    expect((await call("/v1/corpora", { body: { name: "notes" } })).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    embeddingModel?.release();
    await recall?.close();
    await workspace?.dispose();
  });

  /** A request with a key (the indexer's unless told): a JSON body makes it a POST, a FormData an upload. */
  function call(
    path: string,
    options: { key?: CreatedKey; body?: unknown; method?: string; on?: Hono<ServerEnv> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${(options.key ?? indexer).key}` };
    const form = options.body instanceof FormData;
    if (options.body !== undefined && !form) headers["content-type"] = "application/json";
    return Promise.resolve(
      (options.on ?? app).request(path, {
        method: options.method ?? (options.body === undefined ? "GET" : "POST"),
        headers,
        ...(options.body === undefined
          ? {}
          : { body: form ? (options.body as FormData) : JSON.stringify(options.body) }),
      }),
    );
  }
  const upload = (corpus: string, files: File[], options: { key?: CreatedKey; on?: Hono<ServerEnv> } = {}) => {
    const form = new FormData();
    for (const file of files) form.append("file", file);
    return call(`/v1/corpora/${corpus}/documents`, { ...options, body: form });
  };
  const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;
  const jobOf = async (response: Response) => {
    expect(response.status).toBe(202);
    return (await response.json()) as JobBody;
  };
  /** Polls a job until it has finished. */
  async function finished(id: string): Promise<IndexJobView> {
    for (;;) {
      const response = await call(`/v1/jobs/${id}`);
      expect(response.status).toBe(200);
      const { job } = (await response.json()) as JobBody;
      if (job.status === "succeeded" || job.status === "failed") return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const search = async (query: string, corpus = "notes") => {
    const response = await call("/v1/search", { body: { query, corpus, mode: "full-text", k: 5 } });
    expect(response.status).toBe(200);
    return ((await response.json()) as SearchBody).passages;
  };

  describe("POST /v1/corpora", () => {
    it("creates an empty corpus with the default chunking and the configured model: listed, not searchable yet", async () => {
      const created = await call("/v1/corpora", { body: { name: "empty" } });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({
        name: "empty",
        documents: 0,
        chunkSize: 200,
        overlap: 32,
        model: embeddingModel.modelId,
      });
      const listed = (await (await call("/v1/corpora")).json()) as { corpora: { name: string }[] };
      expect(listed.corpora.map((corpus) => corpus.name)).toContain("empty");
      const searched = await call("/v1/search", { body: { query: "anything", corpus: "empty" } });
      expect(searched.status).toBe(409);
      const error = await errorOf(searched);
      expect(error.code).toBe("corpus_not_ready");
      expect(error.message).toContain("POST /v1/corpora/empty/documents");
    });

    it("refuses a corpus that exists (409), and chunking whose overlap is not below its size (400)", async () => {
      const again = await call("/v1/corpora", { body: { name: "empty" } });
      expect(again.status).toBe(409);
      expect((await errorOf(again)).code).toBe("corpus_exists");
      const overlapping = await call("/v1/corpora", { body: { name: "odd", chunkSize: 16, overlap: 16 } });
      expect(overlapping.status).toBe(400);
      expect((await errorOf(overlapping)).code).toBe("invalid_chunking");
    });
  });

  describe("POST /v1/corpora/{name}/documents", () => {
    it("indexes files sent as multipart by their type, records a bad one as failed, and a search finds the rest once the job says ready", async () => {
      const binary = await readFile(join(projectRoot, "fixtures", "documents", "bad", "binary.txt"));
      const response = await upload("notes", [
        textFile("harbour.md", "# The Harbour\n\nThe quokkaberry boats come in at dawn."),
        textFile("market.txt", "The zanzibarite market opens on Mondays."),
        new File([binary], "binary.txt"),
      ]);
      const { job, links } = await jobOf(response);
      expect(response.headers.get("location")).toBe(`/v1/jobs/${job.id}`);
      expect(links).toEqual({ self: `/v1/jobs/${job.id}`, events: `/v1/jobs/${job.id}/events` });
      expect(job).toMatchObject({ corpus: "notes", status: "queued", error: null });

      const done = await finished(job.id);
      expect(done.status).toBe("succeeded");
      expect(done.counts).toMatchObject({ documents: 2, failed: 1 });
      expect(done.documents).toEqual([
        { id: "harbour.md", uri: "harbour.md", state: "ready" },
        { id: "market.txt", uri: "market.txt", state: "ready" },
        { id: "binary.txt", uri: "binary.txt", state: "failed", reason: expect.stringMatching(/binary/) },
      ]);
      expect(done.failures).toEqual([{ uri: "binary.txt", reason: expect.stringMatching(/binary/) }]);

      const [harbour] = await search("quokkaberry");
      expect(harbour).toMatchObject({ documentId: "harbour.md", uri: "harbour.md", title: "The Harbour" });
      const [market] = await search("zanzibarite");
      expect(market).toMatchObject({ documentId: "market.txt", uri: "market.txt", title: "market" });
    });

    it("indexes documents sent as JSON, recording one without text as failed", async () => {
      const { job } = await jobOf(
        await call("/v1/corpora/notes/documents", {
          body: {
            documents: [
              {
                id: "faq-1",
                title: "Opening hours",
                text: "The wombatine ferry runs hourly.",
                metadata: { source: "faq" },
              },
              { id: "faq-2", text: "   " },
            ],
          },
        }),
      );
      const done = await finished(job.id);
      expect(done.status).toBe("succeeded");
      expect(done.documents).toEqual([
        { id: "faq-1", uri: "faq-1", state: "ready" },
        { id: "faq-2", uri: "faq-2", state: "failed", reason: "the document has no text to index" },
      ]);
      const [faq] = await search("wombatine");
      expect(faq).toMatchObject({ documentId: "faq-1", title: "Opening hours", metadata: { source: "faq" } });
    });

    it("names a document by the client's file name without its folders, never by a path", async () => {
      const { job } = await jobOf(
        await upload("notes", [textFile("../../etc/passwd.txt", "The platypodine lock is on the quay.")]),
      );
      const done = await finished(job.id);
      expect(done.documents).toEqual([{ id: "passwd.txt", uri: "passwd.txt", state: "ready" }]);
      expect(JSON.stringify(done)).not.toMatch(/recall-uploads|upload-\d/);
      const [passage] = await search("platypodine");
      expect(passage).toMatchObject({ documentId: "passwd.txt", uri: "passwd.txt", title: "passwd" });
    });

    it("reads a JSONL file record by record, a broken line a failure named by the client's file and line", async () => {
      const lines = [
        JSON.stringify({ _id: "r1", title: "Tides", text: "The kinkajoune tide turns twice a day." }),
        "{not json",
      ].join("\n");
      const { job } = await jobOf(await upload("notes", [textFile("records.jsonl", lines)]));
      expect(job.documents).toEqual([]);
      const done = await finished(job.id);
      expect(done.documents).toEqual([
        { id: "r1", uri: "records.jsonl:1", state: "ready" },
        {
          id: null,
          uri: "records.jsonl:2",
          state: "failed",
          reason: expect.stringMatching(/^line 2 is not valid JSON/),
        },
      ]);
      const [passage] = await search("kinkajoune");
      expect(passage).toMatchObject({ documentId: "r1", uri: "records.jsonl:1", title: "Tides" });
    });

    it.each([
      ["a name that is only folders", "../..", 400, "invalid_file_name"],
      ["a hidden file", ".env.txt", 400, "invalid_file_name"],
      ["a type no loader reads", "notes.exe", 415, "unsupported_file_type"],
    ])("refuses %s before anything is queued", async (_case, name, status, code) => {
      const response = await upload("notes", [textFile("fine.txt", "fine"), textFile(name, "text")]);
      expect(response.status).toBe(status);
      expect((await errorOf(response)).code).toBe(code);
    });

    it("refuses the same document twice in one upload (400), and a body that is neither multipart nor JSON (415)", async () => {
      const twice = await upload("notes", [textFile("a/same.txt", "one"), textFile("b/same.txt", "two")]);
      expect(twice.status).toBe(400);
      expect((await errorOf(twice)).code).toBe("duplicate_document");
      const plain = await app.request("/v1/corpora/notes/documents", {
        method: "POST",
        headers: { authorization: `Bearer ${indexer.key}`, "content-type": "text/plain" },
        body: "hello",
      });
      expect(plain.status).toBe(415);
      expect((await errorOf(plain)).code).toBe("unsupported_media_type");
    });

    /** A multipart upload of one file sent to `url` with the indexer's key and the given browser headers. */
    function uploadFromPage(url: string, headers: Record<string, string>, on: Hono<ServerEnv> = app) {
      const form = new FormData();
      form.append("file", textFile("page.txt", "uploaded from a page"));
      return on.request(url, {
        method: "POST",
        headers: { authorization: `Bearer ${indexer.key}`, ...headers },
        body: form,
      });
    }

    it.each([
      ["of another site", "http://recall.example:8080", { origin: "https://evil.example" }],
      [
        "of another site, as the browser says",
        "http://recall.example:8080",
        { origin: "http://recall.example:8080", "sec-fetch-site": "cross-site" },
      ],
      [
        "of the same site but another origin",
        "http://recall.example:8080",
        { origin: "http://console.recall.example:8080", "sec-fetch-site": "same-site" },
      ],
      ["of another scheme (http for an https server)", "https://recall.example", { origin: "http://recall.example" }],
      ["of another port", "http://recall.example:8080", { origin: "http://recall.example:9090" }],
    ])("refuses a multipart upload from a browser page %s (403)", async (_case, server, headers) => {
      const response = await uploadFromPage(`${server}/v1/corpora/notes/documents`, headers);
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe("cross_origin_upload");
    });

    it.each([
      [
        "as the browser says (Sec-Fetch-Site), though a proxy rewrote the Host",
        "http://127.0.0.1:8080",
        { origin: "https://recall.example.com", "sec-fetch-site": "same-origin" },
      ],
      [
        "by its Origin, from a browser that sends no Sec-Fetch-Site",
        "http://recall.example:8080",
        { origin: "http://recall.example:8080" },
      ],
    ])(
      "takes a multipart upload from a page of its own origin (the console it serves), %s",
      async (_case, server, headers) => {
        const { job } = await jobOf(await uploadFromPage(`${server}/v1/corpora/notes/documents`, headers));
        expect((await finished(job.id)).status).toBe("succeeded");
      },
    );

    it("takes a multipart upload from a page of an origin server.cors.origins names", async () => {
      const { app: allowing, recall: allowingRecall } = httpApp({
        db: workspace.db,
        store: workspace.store,
        languageModel: new FailingLanguageModel(() => new Error("not used")),
        embeddingModel,
        server: { cors: { origins: ["https://console.example"] } },
      });
      try {
        const response = await uploadFromPage(
          "http://recall.example:8080/v1/corpora/notes/documents",
          { origin: "https://console.example", "sec-fetch-site": "cross-site" },
          allowing,
        );
        const { job } = await jobOf(response);
        expect((await finished(job.id)).status).toBe("succeeded");
      } finally {
        await allowingRecall.close();
      }
    });

    it("refuses an unknown corpus with 404", async () => {
      const response = await upload("nowhere", [textFile("a.txt", "text")]);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe("corpus_not_found");
    });
  });

  describe("upload limits", () => {
    let small: Hono<ServerEnv>;
    let smallRecall: RecallApp;
    beforeAll(() => {
      ({ app: small, recall: smallRecall } = httpApp({
        db: workspace.db,
        store: workspace.store,
        languageModel: new FailingLanguageModel(() => new Error("not used")),
        embeddingModel,
        server: { limits: { uploadBytes: 4096, uploadFileBytes: 1024, uploadFiles: 2, queuedUploadJobs: 1 } },
      }));
    });
    afterAll(async () => {
      await smallRecall?.close();
    });

    it.each([
      ["a body over limits.uploadBytes", () => [textFile("big.txt", "x".repeat(5000))], "uploadBytes"],
      ["a file over limits.uploadFileBytes", () => [textFile("big.txt", "x".repeat(2000))], "uploadFileBytes"],
      [
        "more files than limits.uploadFiles",
        () => ["a", "b", "c"].map((name) => textFile(`${name}.txt`, name)),
        "uploadFiles",
      ],
    ])("refuses %s with 413 upload_too_large naming the limit", async (_case, files, limit) => {
      const response = await upload("notes", files(), { on: small });
      expect(response.status).toBe(413);
      const error = await errorOf(response);
      expect(error.code).toBe("upload_too_large");
      expect(error.message).toContain(`server.limits.${limit}`);
    });

    it("counts JSON documents against limits.uploadFiles too", async () => {
      const documents = ["a", "b", "c"].map((id) => ({ id, text: id }));
      const response = await call("/v1/corpora/notes/documents", { body: { documents }, on: small });
      expect(response.status).toBe(413);
      expect((await errorOf(response)).message).toContain("server.limits.uploadFiles");
    });

    it("refuses an upload while limits.queuedUploadJobs jobs of the corpus wait (429, Retry-After), before reading it", async () => {
      expect((await call("/v1/corpora", { body: { name: "queue" } })).status).toBe(201);
      const send = (id: string) =>
        call("/v1/corpora/queue/documents", {
          body: { documents: [{ id, text: `The ${id} bilbyish note.` }] },
          on: small,
        });
      embeddingModel.hold();
      const arrived = embeddingModel.arrived();
      try {
        const running = (await jobOf(await send("running"))).job;
        await arrived;
        const waiting = (await jobOf(await send("waiting"))).job;

        const sent = countedBody();
        const refused = await small.request("/v1/corpora/queue/documents", {
          method: "POST",
          headers: { authorization: `Bearer ${indexer.key}`, "content-type": "application/json" },
          body: sent.body,
          duplex: "half",
        } as RequestInit);
        expect(refused.status).toBe(429);
        expect(refused.headers.get("retry-after")).toBe("10");
        const error = await errorOf(refused);
        expect(error.code).toBe("upload_queue_full");
        expect(error.message).toContain("server.limits.queuedUploadJobs");
        expect(sent.read()).toBeLessThanOrEqual(2);

        embeddingModel.release();
        expect((await finished(running.id)).status).toBe("succeeded");
        expect((await finished(waiting.id)).status).toBe("succeeded");
        const later = (await jobOf(await send("later"))).job;
        expect((await finished(later.id)).status).toBe("succeeded");
      } finally {
        embeddingModel.release();
      }
    });

    it("refuses an upload without a key (401) before reading its body, and one over limits.uploadBytes as it reads it (413), closing the connection: a real socket", async () => {
      const server = await startServer(small, { host: "127.0.0.1", port: 0 });
      try {
        const chunk = new Uint8Array(8192).fill(120);
        const unauthenticated = await unendingUpload(server.url, {}, chunk);
        expect(unauthenticated.status).toBe(401);
        expect(unauthenticated.connection).toBe("close");
        expect(JSON.parse(unauthenticated.body)).toMatchObject({ error: { code: "unauthorized" } });

        const unscoped = await unendingUpload(server.url, { authorization: `Bearer ${reader.key}` }, chunk);
        expect(unscoped.status).toBe(403);
        expect(unscoped.connection).toBe("close");

        const tooLarge = await unendingUpload(server.url, { authorization: `Bearer ${indexer.key}` }, chunk);
        expect(tooLarge.status).toBe(413);
        expect(tooLarge.connection).toBe("close");
        expect(JSON.parse(tooLarge.body)).toMatchObject({ error: { code: "upload_too_large" } });

        const health = await fetch(`${server.url}/healthz`);
        expect(await health.json()).toEqual({ status: "ok" });
      } finally {
        server.closeConnections();
        await server.close();
      }
    }, 20_000);

    it("reads no body of an upload refused by authentication", async () => {
      const sent = countedBody();
      const response = await small.request("/v1/corpora/notes/documents", {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=recall" },
        body: sent.body,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(401);
      expect(sent.read()).toBeLessThanOrEqual(2);
    });
  });

  describe("access", () => {
    it.each([
      ["creating a corpus", () => call("/v1/corpora", { key: reader, body: { name: "mine" } })],
      ["uploading", () => upload("notes", [textFile("a.txt", "text")], { key: reader })],
      ["reading a job", () => call("/v1/jobs/any", { key: reader })],
      ["deleting a document", () => call("/v1/corpora/notes/documents/a.txt", { key: reader, method: "DELETE" })],
      [
        "uploading into a corpus the key may not use",
        () => upload("notes", [textFile("a.txt", "t")], { key: stranger }),
      ],
    ])("refuses %s without the index scope on the corpus (403)", async (_case, send) => {
      const response = await send();
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe("forbidden");
    });

    it("hides a job of a corpus the key may not use (404), as it hides the corpus", async () => {
      const { job } = await jobOf(
        await call("/v1/corpora/notes/documents", { body: { documents: [{ id: "x", text: "x" }] } }),
      );
      await finished(job.id);
      for (const path of [`/v1/jobs/${job.id}`, `/v1/jobs/${job.id}/events`]) {
        const response = await call(path, { key: stranger });
        expect(response.status).toBe(404);
        expect((await errorOf(response)).code).toBe("job_not_found");
      }
    });
  });

  describe("DELETE /v1/corpora/{name}/documents/{id}", () => {
    it("removes a document's chunks and record: a search no longer finds it, and a second delete finds nothing", async () => {
      const { job } = await jobOf(await upload("notes", [textFile("gone.txt", "The capybarish tide is low.")]));
      await finished(job.id);
      expect(await search("capybarish")).toHaveLength(1);

      const deleted = await call("/v1/corpora/notes/documents/gone.txt", { method: "DELETE" });
      expect(deleted.status).toBe(204);
      expect(await search("capybarish")).toEqual([]);
      const again = await call("/v1/corpora/notes/documents/gone.txt", { method: "DELETE" });
      expect(again.status).toBe(404);
      expect((await errorOf(again)).code).toBe("document_not_found");
    });

    it("takes an id with a slash, encoded", async () => {
      const { job } = await jobOf(
        await call("/v1/corpora/notes/documents", {
          body: { documents: [{ id: "guides/setup", text: "The numbatic guide." }] },
        }),
      );
      await finished(job.id);
      expect((await call("/v1/corpora/notes/documents/guides%2Fsetup", { method: "DELETE" })).status).toBe(204);
      expect(await search("numbatic")).toEqual([]);
    });
  });

  describe("a corpus building a new version", () => {
    /** What a re-embed does first: the corpus gets a pending table, which the indexer fills beside the active one. */
    const beginVersion = () =>
      updateCorpus(workspace.db, "rebuilt", {
        pendingTable: "rebuilt-2",
        pendingModel: embeddingModel.modelId,
        pendingDimensions: embeddingModel.dimensions,
      });
    const abandonVersion = () =>
      updateCorpus(workspace.db, "rebuilt", { pendingTable: null, pendingModel: null, pendingDimensions: null });
    const send = (id: string) =>
      call("/v1/corpora/rebuilt/documents", { body: { documents: [{ id, text: `The ${id} wallabine note.` }] } });

    beforeAll(async () => {
      expect((await call("/v1/corpora", { body: { name: "rebuilt" } })).status).toBe(201);
      await finished((await jobOf(await send("kept"))).job.id);
    });

    it("refuses uploads (before reading them) and deletes with 409 corpus_rebuilding, until the version is done", async () => {
      await beginVersion();
      try {
        const sent = countedBody();
        const refused = await app.request("/v1/corpora/rebuilt/documents", {
          method: "POST",
          headers: { authorization: `Bearer ${indexer.key}`, "content-type": "application/json" },
          body: sent.body,
          duplex: "half",
        } as RequestInit);
        expect(refused.status).toBe(409);
        const error = await errorOf(refused);
        expect(error.code).toBe("corpus_rebuilding");
        expect(error.message).toContain("new version");
        expect(error.message).toContain("recall index");
        expect(sent.read()).toBeLessThanOrEqual(2);

        const deleted = await call("/v1/corpora/rebuilt/documents/kept", { method: "DELETE" });
        expect(deleted.status).toBe(409);
        expect((await errorOf(deleted)).code).toBe("corpus_rebuilding");
      } finally {
        await abandonVersion();
      }
      const after = (await jobOf(await send("after"))).job;
      expect((await finished(after.id)).status).toBe("succeeded");
    });

    it("fails a queued job with corpus_rebuilding when a version began before its turn came", async () => {
      embeddingModel.hold();
      const arrived = embeddingModel.arrived();
      try {
        const first = (await jobOf(await send("first"))).job;
        await arrived;
        const second = (await jobOf(await send("second"))).job;
        await beginVersion();
        embeddingModel.release();
        expect((await finished(first.id)).status).toBe("succeeded");
        expect(await finished(second.id)).toMatchObject({
          status: "failed",
          error: { code: "corpus_rebuilding" },
          documents: [{ id: "second", state: "failed" }],
        });
      } finally {
        embeddingModel.release();
        await abandonVersion();
      }
    });
  });

  describe("jobs of one corpus", () => {
    it("queue behind each other instead of failing; a delete meanwhile is refused with 409 naming the running job", async () => {
      embeddingModel.hold();
      const arrived = embeddingModel.arrived();
      const first = (await jobOf(await upload("notes", [textFile("first.txt", "The first echidnary note.")]))).job;
      await arrived;
      const second = (await jobOf(await upload("notes", [textFile("second.txt", "The second echidnary note.")]))).job;
      expect((await (await call(`/v1/jobs/${first.id}`)).json()) as JobBody).toMatchObject({
        job: { status: "running" },
      });
      expect((await (await call(`/v1/jobs/${second.id}`)).json()) as JobBody).toMatchObject({
        job: { status: "queued" },
      });

      const busy = await call("/v1/corpora/notes/documents/harbour.md", { method: "DELETE" });
      expect(busy.status).toBe(409);
      const error = await errorOf(busy);
      expect(error.code).toBe("corpus_busy");
      expect(error.message).toContain(first.id);

      embeddingModel.release();
      const [firstDone, secondDone] = [await finished(first.id), await finished(second.id)];
      expect([firstDone.status, secondDone.status]).toEqual(["succeeded", "succeeded"]);
      expect(secondDone.startedAt && firstDone.finishedAt && secondDone.startedAt >= firstDone.finishedAt).toBe(true);
    });
  });

  describe("GET /v1/jobs/{id}/events", () => {
    it("streams the job from queued to its final state, in order, ending with job-end", async () => {
      embeddingModel.hold();
      const arrived = embeddingModel.arrived();
      const blocker = (await jobOf(await upload("notes", [textFile("blocker.txt", "A blocking note.")]))).job;
      await arrived;
      const { job } = await jobOf(
        await upload("notes", [
          textFile("one.md", "# One\n\nThe dugongian reef."),
          textFile("two.txt", "The dugongian shoal."),
        ]),
      );
      const stream = await call(`/v1/jobs/${job.id}/events`);
      expect(stream.status).toBe(200);
      expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
      embeddingModel.release();
      const events = parseEvents(await stream.text());

      expect(events[0]).toMatchObject({ event: "job-start", data: { type: "job-start", job: { status: "queued" } } });
      const last = events.at(-1) ?? { event: "none", data: {} };
      expect(last.event).toBe("job-end");
      const final = (last.data as { job: IndexJobView }).job;
      expect(final).toMatchObject({ id: job.id, status: "succeeded" });
      expect(final.documents.map((document) => document.state)).toEqual(["ready", "ready"]);
      expect(final).toEqual(((await (await call(`/v1/jobs/${job.id}`)).json()) as JobBody).job);

      const deltas = events.slice(1, -1);
      expect(deltas.every((event) => event.event === "job-delta")).toBe(true);
      const order = ["queued", "running", "succeeded", "failed"];
      const statuses = events.map((event) =>
        order.indexOf(((event.data as { job?: IndexJobView }).job ?? (event.data as IndexJobView)).status),
      );
      expect([...statuses].sort((left, right) => left - right)).toEqual(statuses);
      expect(statuses).toContain(order.indexOf("running"));
      const embedded = deltas.map((event) => (event.data as { counts: { embedded: number } }).counts.embedded);
      expect([...embedded].sort((left, right) => left - right)).toEqual(embedded);
      await finished(blocker.id);
    });

    it("answers a finished job's stream with its start and its end at once", async () => {
      const { job } = await jobOf(
        await call("/v1/corpora/notes/documents", { body: { documents: [{ id: "y", text: "y" }] } }),
      );
      await finished(job.id);
      const events = parseEvents(await (await call(`/v1/jobs/${job.id}/events`)).text());
      expect(events.map((event) => event.event)).toEqual(["job-start", "job-end"]);
    });

    it("answers an unknown job with 404 before any stream starts", async () => {
      const response = await call("/v1/jobs/no-such-job/events");
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe("job_not_found");
    });
  });
});

/** The events of a server-sent event stream, each with its name and its JSON data. */
function parseEvents(text: string): { event: string; data: unknown }[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((line) => line.startsWith("event: "))?.slice("event: ".length) ?? "message";
      const data = lines
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice("data: ".length))
        .join("\n");
      return { event, data: JSON.parse(data) as unknown };
    });
}
