import { request as httpRequest } from "node:http";
import { and, eq } from "drizzle-orm";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CreatedKey, createApiKey } from "../../src/app/api-keys.ts";
import { findAsk } from "../../src/db/ask-records.ts";
import { feedback } from "../../src/db/schema.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { startServer } from "../../src/server/start-server.ts";
import { httpApp } from "../support/http-app.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";
import { worldApp } from "../support/world-app.ts";

interface ErrorBody {
  error: { code: string; message: string };
}

describe("API keys over HTTP", () => {
  let world: Awaited<ReturnType<typeof worldApp>>;
  let admin: CreatedKey;
  /** ask and search, on the world corpus only. */
  let reader: CreatedKey;
  /** ask and search, on another corpus only. */
  let stranger: CreatedKey;
  /** embed only, on every corpus. */
  let embedder: CreatedKey;
  let revoked: CreatedKey;
  let expired: CreatedKey;
  /** Every response's headers and body, to check that no key shows up in any of them. */
  const responses: string[] = [];

  beforeAll(async () => {
    world = await worldApp();
    admin = await world.recall.keys.create({ name: "admin", corpora: "all", scopes: ["admin"] });
    reader = await world.recall.keys.create({ name: "reader", corpora: ["world"], scopes: ["ask", "search"] });
    stranger = await world.recall.keys.create({ name: "stranger", corpora: ["elsewhere"], scopes: ["ask", "search"] });
    embedder = await world.recall.keys.create({ name: "embedder", corpora: "all", scopes: ["embed"] });
    revoked = await world.recall.keys.create({ name: "revoked", corpora: "all", scopes: ["admin"] });
    await world.recall.keys.revoke(revoked.id);
    const hourAgo = new Date(Date.now() - 3_600_000);
    expired = await createApiKey(
      world.workspace.db,
      { name: "expired", corpora: "all", scopes: ["admin"], expiresAt: new Date(Date.now() - 1000) },
      hourAgo,
    );
  }, 120_000);
  afterAll(async () => {
    await world?.dispose();
  });

  /** A request with the key (or a raw Authorization header); a body makes it a JSON POST. */
  async function call(
    path: string,
    options: { key?: CreatedKey; authorization?: string; body?: unknown; app?: Hono<ServerEnv> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.key) headers.authorization = `Bearer ${options.key.key}`;
    if (options.authorization !== undefined) headers.authorization = options.authorization;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const response = await (options.app ?? world.app).request(path, {
      method: options.body === undefined ? "GET" : "POST",
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    responses.push(`${JSON.stringify([...response.headers])}\n${await response.clone().text()}`);
    return response;
  }
  const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

  it.each([
    ["no Authorization header", () => ({})],
    ["a key that does not exist", () => ({ authorization: `Bearer rk_${"A".repeat(43)}` })],
    ["something that is not a key", () => ({ authorization: "Bearer not-a-key" })],
    ["another scheme", () => ({ authorization: `Basic ${reader.key}` })],
    ["a revoked key", () => ({ key: revoked })],
    ["an expired key", () => ({ key: expired })],
  ])("refuses a request with %s: 401 with WWW-Authenticate: Bearer", async (_case, options) => {
    const response = await call("/v1/corpora", options());
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const error = await errorOf(response);
    expect(error.code).toBe("unauthorized");
    expect(error.message).toMatch(/key/);
  });

  it("says why a revoked or expired key fails, and how to get a key when none was sent", async () => {
    expect((await errorOf(await call("/v1/corpora", { key: revoked }))).message).toContain("revoked");
    expect((await errorOf(await call("/v1/corpora", { key: expired }))).message).toContain("expired");
    expect((await errorOf(await call("/v1/corpora"))).message).toContain("recall keys create");
  });

  it("keeps /healthz open", async () => {
    const response = await world.app.request("/healthz");
    expect(response.status).toBe(200);
  });

  it("answers a key within its scopes and corpora", async () => {
    const search = await call("/v1/search", {
      key: reader,
      body: { corpus: "world", query: "Where was Treisnos Bemtond born?", mode: "full-text" },
    });
    expect(search.status).toBe(200);
  });

  it("refuses (403) a scope the key lacks", async () => {
    const response = await call("/v1/search", {
      key: embedder,
      body: { corpus: "world", query: "Treisnos", mode: "full-text" },
    });
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: "forbidden", message: expect.stringContaining("search") });
  });

  it("refuses (403) a corpus the key lacks", async () => {
    const response = await call("/v1/search", {
      key: stranger,
      body: { corpus: "world", query: "Treisnos", mode: "full-text" },
    });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("forbidden");
  });

  it("lists in /v1/corpora and /v1/models only what the key may use", async () => {
    const corporaOf = async (key: CreatedKey) =>
      ((await (await call("/v1/corpora", { key })).json()) as { corpora: { name: string }[] }).corpora.map(
        (corpus) => corpus.name,
      );
    const modelsOf = async (key: CreatedKey) =>
      ((await (await call("/v1/models", { key })).json()) as { data: { id: string }[] }).data.map((model) => model.id);
    expect(await corporaOf(reader)).toEqual(["world"]);
    expect(await corporaOf(stranger)).toEqual([]);
    expect(await modelsOf(reader)).toContain("closed-book@world");
    expect(await modelsOf(stranger)).toContain("closed-book");
    expect((await modelsOf(stranger)).some((id) => id.endsWith("@world"))).toBe(false);
    const embeddingModels = (await (await call("/v1/models", { key: embedder })).json()) as {
      data: { id: string; recall?: { kind: string; corpora: string[] } }[];
    };
    expect(embeddingModels.data.map((model) => model.recall?.kind)).toEqual(["embedding"]);
    expect(embeddingModels.data[0]?.recall?.corpora).toEqual(["world"]);
    const listed = embeddingModels.data[0]?.id ?? "";
    const embedded = await call("/v1/embeddings", { key: embedder, body: { model: listed, input: "Treisnos" } });
    expect(embedded.status).toBe(200);
    const readerModels = (await (await call("/v1/models", { key: reader })).json()) as { data: { recall?: unknown }[] };
    expect(readerModels.data.some((model) => model.recall !== undefined)).toBe(false);
    expect(await modelsOf(admin)).toContain("closed-book@world");
  });

  it("needs the admin scope to create, pause, resume and stop an experiment", async () => {
    const definition = {
      name: "keys-test",
      corpus: "world",
      variants: [
        { name: "control", strategy: "always-retrieve" },
        { name: "loop", strategy: "recall-then-retrieve" },
      ],
    };
    expect((await call("/v1/experiments", { key: reader, body: definition })).status).toBe(403);
    expect((await call("/v1/experiments", { key: admin, body: definition })).status).toBe(201);
    for (const action of ["pause", "resume", "stop"]) {
      const path = `/v1/experiments/keys-test/${action}`;
      expect((await call(path, { key: reader, body: {} })).status, action).toBe(403);
      expect((await call(path, { key: admin, body: {} })).status, action).toBe(200);
    }
    expect((await call("/v1/experiments/keys-test", { key: reader })).status).toBe(200);
  });

  it("shows an experiment only to keys that may use its corpus", async () => {
    const definition = {
      name: "world-only",
      corpus: "world",
      variants: [
        { name: "control", strategy: "always-retrieve" },
        { name: "loop", strategy: "recall-then-retrieve" },
      ],
    };
    expect((await call("/v1/experiments", { key: admin, body: definition })).status).toBe(201);
    const listed = async (key: CreatedKey) =>
      ((await (await call("/v1/experiments", { key })).json()) as { experiments: { name: string }[] }).experiments.map(
        (experiment) => experiment.name,
      );
    expect(await listed(reader)).toContain("world-only");
    expect(await listed(stranger)).not.toContain("world-only");
    expect((await call("/v1/experiments/world-only", { key: stranger })).status).toBe(404);
    expect((await call("/v1/experiments/world-only/results", { key: stranger })).status).toBe(404);
    expect((await call("/v1/experiments/world-only/results", { key: reader })).status).toBe(200);
  });

  it("takes feedback from the ask's own key or an admin, one record per ask and key", async () => {
    const asked = await call("/v1/ask", {
      key: reader,
      body: { question: "Where was Treisnos Bemtond born?", strategy: "closed-book" },
    });
    expect(asked.status).toBe(200);
    const { id: askId } = (await asked.json()) as { id: string };
    expect((await findAsk(world.workspace.db, askId))?.keyId).toBe(reader.id);

    const byStranger = await call("/v1/feedback", { key: stranger, body: { askId, score: 0 } });
    expect(byStranger.status).toBe(403);
    const first = await call("/v1/feedback", { key: reader, body: { askId, score: 0, comment: "wrong" } });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ askId, replaced: false });
    const repeat = await call("/v1/feedback", { key: reader, body: { askId, score: 1 } });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toMatchObject({ askId, replaced: true });
    expect((await call("/v1/feedback", { key: admin, body: { askId, correct: true } })).status).toBe(201);

    const records = await world.workspace.db.orm.select().from(feedback).where(eq(feedback.askId, askId));
    expect(records).toHaveLength(2);
    const [own] = await world.workspace.db.orm
      .select()
      .from(feedback)
      .where(and(eq(feedback.askId, askId), eq(feedback.keyId, reader.id)));
    expect(own).toMatchObject({ score: 1, comment: null });
  });

  it("never shows a key in a response after its creation", () => {
    expect(responses.length).toBeGreaterThan(20);
    for (const key of [admin, reader, stranger, embedder, revoked, expired])
      for (const response of responses) expect(response).not.toContain(key.key);
  });

  describe("in a workspace without keys", () => {
    let empty: Awaited<ReturnType<typeof temporaryWorkspace>>;
    beforeAll(async () => {
      empty = await temporaryWorkspace();
    });
    afterAll(async () => {
      await empty?.dispose();
    });

    const appOver = (required: boolean) =>
      httpApp({
        db: empty.db,
        store: empty.store,
        languageModel: world.languageModel,
        embeddingModel: world.embeddingModel,
        server: { auth: { required } },
      });

    it("needs a key with RECALL_AUTH=required even before one exists", async () => {
      const { app } = appOver(true);
      const response = await app.request("/v1/corpora");
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    });

    it.each([
      ["evil.example:8080", "http://evil.example:8080/v1/corpora", ":8080"],
      ["a name that only ends in localhost", "http://notlocalhost/v1/corpora", ""],
      ["a public address", "http://203.0.113.7:8080/v1/corpora", ":8080"],
    ])(
      "refuses (403 host_not_allowed) a request addressed to %s, as a rebinding page sends it",
      async (_case, url, port) => {
        const { app } = appOver(false);
        const response = await app.request(url);
        expect(response.status).toBe(403);
        const error = await errorOf(response);
        expect(error.code).toBe("host_not_allowed");
        expect(error.message).toContain(`http://localhost${port}`);
        expect(error.message).toContain("recall keys create");
      },
    );

    it.each([
      "http://localhost:8080/v1/corpora",
      "http://recall.localhost/v1/corpora",
      "http://127.0.0.1:8080/v1/corpora",
      "http://127.1.2.3/v1/corpora",
      "http://[::1]:8080/v1/corpora",
    ])("answers a request addressed to this machine: %s", async (url) => {
      const { app } = appOver(false);
      expect((await app.request(url)).status).toBe(200);
    });

    it("reads the host a request was addressed to from its Host header on a real socket", async () => {
      const { app } = appOver(false);
      const server = await startServer(app, { host: "127.0.0.1", port: 0 });
      try {
        const port = new URL(server.url).port;
        const statusFor = (host: string) =>
          new Promise<number>((resolve, reject) => {
            const request = httpRequest(`${server.url}/v1/corpora`, { headers: { host } }, (response) => {
              response.resume();
              response.on("end", () => resolve(response.statusCode ?? 0));
            });
            request.on("error", reject);
            request.end();
          });
        expect(await statusFor(`evil.example:${port}`)).toBe(403);
        expect(await statusFor(`localhost:${port}`)).toBe(200);
      } finally {
        await server.close();
      }
    });

    it("checks no host once keys are needed: a key is what keeps others out", async () => {
      expect((await call("http://recall.example.com/v1/corpora", { key: reader })).status).toBe(200);
      expect((await call("http://recall.example.com/v1/corpora")).status).toBe(401);
      const { app } = appOver(true);
      expect((await app.request("http://evil.example/v1/corpora")).status).toBe(401);
    });

    it("is open until the first key, which counts at once; revoking it does not open the server again", async () => {
      const { app, recall } = appOver(false);
      expect((await app.request("/v1/corpora")).status).toBe(200);
      const key = await recall.keys.create({ name: "first", corpora: "all", scopes: ["search"] });
      expect((await app.request("/v1/corpora")).status).toBe(401);
      const authorization = `Bearer ${key.key}`;
      expect((await app.request("/v1/corpora", { headers: { authorization } })).status).toBe(200);
      await recall.keys.revoke(key.id);
      expect((await app.request("/v1/corpora", { headers: { authorization } })).status).toBe(401);
      expect((await app.request("/v1/corpora")).status).toBe(401);
    });
  });
});
