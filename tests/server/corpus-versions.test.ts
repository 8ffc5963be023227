import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import { openWorkspace, type Workspace } from "../../src/app/open-workspace.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { findCorpus } from "../../src/db/corpus-records.ts";
import type { TransformersEmbeddingModel } from "../../src/models/transformers/transformers-embedding-model.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import { httpApp } from "../support/http-app.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

interface SearchBody {
  passages: { chunkId: string; documentId: string; text: string }[];
}

/**
 * A server reads a corpus while another process (its own SQLite and LanceDB connections on the same data folder)
 * changes a document and re-chunks the corpus: the server keeps answering, and answers from the new version once the
 * switch is made, with no restart.
 */
describe("a corpus changed while it is served", () => {
  let server: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let writer: Workspace;
  let app: Hono<ServerEnv>;
  let encoder: TransformersEmbeddingModel;
  let sources: string;
  const question = "Where is Drainddou Works based?";

  beforeAll(async () => {
    server = await temporaryWorkspace();
    writer = await openWorkspace({ home: server.home });
    encoder = await loadTinyEmbeddingModel();
    sources = await mkdtemp(join(tmpdir(), "recall-versions-"));
    await mkdir(join(sources, "world"));
    const names = (await readdir(join(worldFolder, "corpus"))).filter((name) => name.startsWith("organisation-00"));
    for (const name of names) await cp(join(worldFolder, "corpus", name), join(sources, "world", name));
    await index({ chunkSize: 48, overlap: 8 });
    app = httpApp({
      db: server.db,
      store: server.store,
      languageModel: await loadTinyLanguageModel(),
      embeddingModel: encoder,
    }).app;
  });
  afterAll(async () => {
    writer.close();
    await server.dispose();
    await rm(sources, { recursive: true, force: true });
  });

  function index(options: { chunkSize?: number; overlap?: number; rechunk?: boolean } = {}) {
    return indexCorpus(
      { db: writer.db, store: writer.store },
      { corpus: "world", paths: [join(sources, "world")], embeddingModel: encoder, versionGraceMs: 60_000, ...options },
    );
  }

  async function search(mode: string): Promise<{ status: number; body: SearchBody | undefined }> {
    const response = await app.request("/v1/search", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: question, corpus: "world", k: 5, mode }),
    });
    return {
      status: response.status,
      body: response.status === 200 ? ((await response.json()) as SearchBody) : undefined,
    };
  }

  /** Searches in every mode, without pause, until `work` settles; the statuses seen and the searches that lost the document. */
  async function searchWhile(work: Promise<unknown>): Promise<{ statuses: number[]; lost: number }> {
    let done = false;
    const settled = work.finally(() => {
      done = true;
    });
    const statuses: number[] = [];
    let lost = 0;
    while (!done || statuses.length === 0) {
      for (const mode of ["full-text", "dense", "hybrid"]) {
        const { status, body } = await search(mode);
        statuses.push(status);
        if (body && !body.passages.some((passage) => passage.documentId === "organisation-003.md")) lost++;
      }
    }
    await settled;
    return { statuses, lost };
  }

  it("finds a changed document, old or new, in every search while it is re-indexed", async () => {
    const path = join(sources, "world", "organisation-003.md");
    const paragraphs = (await readFile(path, "utf8")).trimEnd().split("\n\n");
    await writeFile(path, `${paragraphs.slice(0, -1).join("\n\n")}\n`);
    const { statuses, lost } = await searchWhile(index());
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(lost).toBe(0);
  });

  it("keeps answering during a re-chunk and answers from the new version once it is switched to", async () => {
    const before = await search("hybrid");
    const { statuses, lost } = await searchWhile(index({ chunkSize: 24, overlap: 4, rechunk: true }));
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(lost).toBe(0);

    const corpus = await findCorpus(server.db, "world");
    expect(corpus).toMatchObject({ activeTable: "world-2", chunkSize: 24, pendingTable: null });
    const after = await search("hybrid");
    expect(after.status).toBe(200);
    const table = await writer.store.existingTable("world-2");
    const newIds = new Set(await table?.ids());
    for (const passage of after.body?.passages ?? []) expect(newIds.has(passage.chunkId)).toBe(true);
    const longest = (body: SearchBody | undefined) => Math.max(...(body?.passages ?? []).map((p) => p.text.length));
    expect(longest(after.body)).toBeLessThan(longest(before.body));
  });
});
