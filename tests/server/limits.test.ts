import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchesMetadata, passageFilterSchema } from "../../retrievers/passage-filter.ts";
import { fullAccess } from "../../src/app/access.ts";
import { errorResponse } from "../../src/server/error-response.ts";
import { jsonOnly } from "../../src/server/middleware/json-only.ts";
import { rateLimit } from "../../src/server/middleware/rate-limit.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import { CountingEmbeddingModel } from "../support/counting-embedding-model.ts";
import { CountingLanguageModel } from "../support/counting-language-model.ts";
import { httpApp } from "../support/http-app.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

/** Small limits, so that a request just over each one is cheap to send. */
const limits = {
  questionChars: 40,
  messageChars: 60,
  chatMessages: 3,
  samples: 2,
  maxTokens: 4,
  embeddingInputs: 2,
  embeddingInputChars: 30,
  rerankCandidates: 5,
  k: 3,
};

/** A text of exactly `length` characters. */
const text = (length: number, start = "Who rebuilt the harbour of Bezouth?") =>
  start.padEnd(length, ".").slice(0, length);

interface ErrorBody {
  error: { code: string; message: string };
}

describe("request limits", () => {
  let workspace: Awaited<ReturnType<typeof worldWorkspace>>;
  let languageModel: CountingLanguageModel;
  let embeddingModel: CountingEmbeddingModel;
  let small: Hono<ServerEnv>;
  let standard: Hono<ServerEnv>;
  let roomy: Hono<ServerEnv>;
  let throttled: Hono<ServerEnv>;
  beforeAll(async () => {
    const [language, embedding] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
    languageModel = new CountingLanguageModel(language);
    embeddingModel = new CountingEmbeddingModel(embedding);
    workspace = await worldWorkspace(embeddingModel);
    const parts = { db: workspace.db, store: workspace.store, languageModel, embeddingModel };
    small = httpApp({ ...parts, server: { limits } }).app;
    standard = httpApp(parts).app;
    roomy = httpApp({ ...parts, server: { limits: { bodyBytes: 8 * 1024 * 1024 } } }).app;
    throttled = httpApp({ ...parts, server: { rateLimit: { requestsPerMinute: 2 } } }).app;
  });
  afterAll(async () => {
    await workspace.dispose();
  });

  const post = (app: Hono<ServerEnv>, path: string, body: unknown, contentType = "application/json") =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": contentType },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

  describe("each limit refuses a request just over it with 400 limit_exceeded naming the limit and the field", () => {
    const modelId = () => languageModel.modelId;
    const embeddingId = () => embeddingModel.modelId;
    it.each([
      ["/v1/ask", "questionChars", "question", () => ({ question: text(41) })],
      ["/v1/ask", "messageChars", "instructions", () => ({ question: text(10), instructions: text(61) })],
      ["/v1/ask", "samples", "params.samples", () => ({ question: text(10), params: { samples: 3 } })],
      ["/v1/search", "questionChars", "query", () => ({ query: text(41), corpus: "world" })],
      ["/v1/search", "k", "k", () => ({ query: "harbour", corpus: "world", k: 4 })],
      [
        "/v1/search",
        "rerankCandidates",
        "rerank.candidates",
        () => ({ query: "harbour", corpus: "world", rerank: { candidates: 6 } }),
      ],
      [
        "/v1/search",
        "embeddingInputChars",
        "embedText",
        () => ({ query: "harbour", corpus: "world", embedText: text(31) }),
      ],
      [
        "/v1/chat/completions",
        "chatMessages",
        "messages",
        () => ({ model: "closed-book", messages: Array.from({ length: 4 }, () => ({ role: "user", content: "Hi" })) }),
      ],
      [
        "/v1/chat/completions",
        "messageChars",
        "messages.0.content",
        () => ({
          model: "closed-book",
          messages: [
            {
              role: "system",
              content: [
                { type: "text", text: text(30) },
                { type: "text", text: text(30) },
              ],
            },
            { role: "user", content: "Hi" },
          ],
        }),
      ],
      [
        "/v1/chat/completions",
        "questionChars",
        "messages.1.content",
        () => ({
          model: "closed-book",
          messages: [
            { role: "assistant", content: "Hi" },
            { role: "user", content: text(41) },
          ],
        }),
      ],
      ["/v1/completions", "messageChars", "prompt", () => ({ model: modelId(), prompt: text(61) })],
      ["/v1/completions", "samples", "n", () => ({ model: modelId(), prompt: "Hi", n: 3 })],
      ["/v1/completions", "maxTokens", "max_tokens", () => ({ model: modelId(), prompt: "Hi", max_tokens: 5 })],
      ["/v1/embeddings", "embeddingInputs", "input", () => ({ model: embeddingId(), input: ["a", "b", "c"] })],
      ["/v1/embeddings", "embeddingInputChars", "input", () => ({ model: embeddingId(), input: text(31) })],
      ["/v1/embeddings", "embeddingInputChars", "input.1", () => ({ model: embeddingId(), input: ["a", text(31)] })],
    ])("%s over limits.%s (%s)", async (path, limit, field, body) => {
      const [calls, embedded] = [languageModel.calls, embeddingModel.embeddedTexts];
      const response = await post(small, path, body());
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("limit_exceeded");
      expect(error.message).toContain(`"${field}"`);
      expect(error.message).toContain(`limits.${limit} (${limits[limit as keyof typeof limits]}`);
      expect([languageModel.calls, embeddingModel.embeddedTexts]).toEqual([calls, embedded]);
    });
  });

  describe("a request with every field at its limit is accepted", () => {
    it("/v1/ask", async () => {
      const response = await post(small, "/v1/ask", {
        question: text(40),
        instructions: text(60, "Answer in a few words."),
        strategy: "closed-book",
        params: { samples: 2 },
      });
      expect(response.status).toBe(200);
    });

    it("/v1/search", async () => {
      const response = await post(small, "/v1/search", {
        query: text(40),
        corpus: "world",
        k: 3,
        embedText: text(30),
        rerank: { candidates: 5 },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { passages: unknown[] }).passages).toHaveLength(3);
    });

    it("/v1/chat/completions", async () => {
      const response = await post(small, "/v1/chat/completions", {
        model: "closed-book",
        messages: [
          { role: "system", content: text(60, "Answer in a few words.") },
          { role: "assistant", content: text(60, "Hello.") },
          { role: "user", content: text(40) },
        ],
        n: 2,
      });
      expect(response.status).toBe(200);
    });

    it("/v1/completions", async () => {
      const response = await post(small, "/v1/completions", {
        model: languageModel.modelId,
        prompt: text(60, "The harbour of Bezouth"),
        n: 2,
        max_tokens: 4,
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { choices: unknown[] }).choices).toHaveLength(2);
    });

    it("/v1/embeddings", async () => {
      const response = await post(small, "/v1/embeddings", {
        model: embeddingModel.modelId,
        input: [text(30), text(30)],
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(2);
    });
  });

  describe("a 5 MB completion prompt", () => {
    const prompt = "word ".repeat(1_000_000);

    it("is refused by limits.messageChars before the model reads a token", async () => {
      const calls = languageModel.calls;
      const started = performance.now();
      const response = await post(roomy, "/v1/completions", { model: languageModel.modelId, prompt, max_tokens: 1 });
      // The model's call count below shows that no token was read; the time bound, well above the fraction of a
      // second the refusal takes, only catches a refusal that got slow, and holds on a busy machine.
      expect(performance.now() - started).toBeLessThan(5000);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("limit_exceeded");
      expect(error.message).toContain("limits.messageChars (32000 characters)");
      expect(error.message.length).toBeLessThan(300);
      expect(languageModel.calls).toBe(calls);
    });

    it("is refused as a body over limits.bodyBytes (413) with the default limits", async () => {
      const response = await post(standard, "/v1/completions", { model: languageModel.modelId, prompt });
      expect(response.status).toBe(413);
      // The unread rest of the body leaves the connection unusable: the client is told to open a new one.
      expect(response.headers.get("connection")).toBe("close");
      expect((await errorOf(response)).code).toBe("body_too_large");
    });

    it("takes a request whose client went away while its body was read for a 499, not a server failure", async () => {
      const controller = new AbortController();
      const body = new ReadableStream<Uint8Array>({
        pull(stream) {
          controller.abort();
          stream.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        },
      });
      const response = await standard.request("/v1/ask", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: controller.signal,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(499);
      expect((await errorOf(response)).code).toBe("client_closed");
    });
  });

  describe("JSON routes take only application/json", () => {
    it.each([
      ["text/plain", "text/plain;charset=UTF-8"],
      ["a form", "application/x-www-form-urlencoded"],
      ["multipart", "multipart/form-data; boundary=x"],
      ["JSON in another charset", "application/json; charset=latin1"],
    ])("refuses %s with 415", async (_kind, contentType) => {
      const response = await post(standard, "/v1/ask", { question: "Who?", strategy: "closed-book" }, contentType);
      expect(response.status).toBe(415);
      const error = await errorOf(response);
      expect(error.code).toBe("unsupported_media_type");
      expect(error.message).toContain("Content-Type: application/json");
    });

    it("refuses a POST with no body and no Content-Type, as a web page could send", async () => {
      const response = await standard.request("/v1/experiments/anything/stop", { method: "POST" });
      expect(response.status).toBe(415);
    });

    it("accepts application/json with a UTF-8 charset, and leaves GET alone", async () => {
      const response = await post(
        standard,
        "/v1/embeddings",
        { model: embeddingModel.modelId, input: "harbour" },
        "application/json; charset=utf-8",
      );
      expect(response.status).toBe(200);
      expect((await standard.request("/v1/corpora")).status).toBe(200);
    });

    it("lets through the paths it is told to (a future upload route) and rejects a bad path when built", async () => {
      const app = new Hono<ServerEnv>()
        .use(jsonOnly({ except: ["/v1/upload"] }))
        .post("/v1/upload", (context) => context.json({ ok: true }));
      const response = await app.request("/v1/upload", {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=x" },
        body: "--x--",
      });
      expect(response.status).toBe(200);
      expect(() => jsonOnly({ except: ["v1/upload"] })).toThrow(/not a path/);
    });
  });

  describe("keys that could change objects' prototypes are refused, never dropped", () => {
    it("refuses __proto__ anywhere in a body with 400 reserved_key", async () => {
      const response = await post(standard, "/v1/ask", '{"question":"Who?","params":{"__proto__":{"samples":1}}}');
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("reserved_key");
      expect(error.message).toContain('"__proto__" (in "params")');
    });

    it("refuses a metadata filter on __proto__ instead of ignoring it", async () => {
      const body = '{"query":"harbour","corpus":"world","filter":{"metadata":{"__proto__":"x"}}}';
      const response = await post(standard, "/v1/search", body);
      expect(response.status).toBe(400);
      expect((await errorOf(response)).message).toContain('(in "filter.metadata")');
    });

    it("refuses a constructor holding a prototype", async () => {
      const response = await post(standard, "/v1/ask", '{"question":"Who?","params":{"constructor":{"prototype":{}}}}');
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe("reserved_key");
    });

    it("has the passage filter refuse a __proto__ metadata name itself, and match only a passage's own keys", () => {
      expect(passageFilterSchema.safeParse(JSON.parse('{"metadata":{"__proto__":"x"}}')).success).toBe(false);
      const filter = passageFilterSchema.parse({ metadata: { constructor: "x" } });
      expect(matchesMetadata({ metadata: {} }, filter)).toBe(false);
      expect(matchesMetadata({ metadata: { constructor: "x" } }, filter)).toBe(true);
    });
  });

  describe("nesting", () => {
    /** A /v1/ask body nested `levels` deep: the body object, then arrays in `params`. */
    const nested = (levels: number) =>
      `{"question":"Who?","params":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;

    it.each([65, 100_000])("refuses a body nested %i levels deep with 400 body_too_deep", async (levels) => {
      const response = await post(standard, "/v1/ask", nested(levels));
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("body_too_deep");
      expect(error.message.length).toBeLessThan(400);
    });

    it("reads a body nested 64 levels deep (and the schema then says what is wrong)", async () => {
      const response = await post(standard, "/v1/ask", nested(64));
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe("invalid_request");
    });
  });

  describe("error messages never echo unbounded input", () => {
    const long = "x".repeat(100_000);
    it.each([
      ["an unknown key", "/v1/search", () => ({ query: "harbour", corpus: "world", [long]: 1 })],
      ["a model id", "/v1/completions", () => ({ model: long, prompt: "Hi" })],
      ["a strategy name", "/v1/ask", () => ({ question: "Who?", strategy: long })],
      ["a corpus name", "/v1/search", () => ({ query: "harbour", corpus: long })],
      [
        "a metadata name",
        "/v1/search",
        () => ({ query: "harbour", corpus: "world", filter: { metadata: { [long]: [] } } }),
      ],
    ])("%s", async (_kind, path, body) => {
      const response = await post(standard, path, body());
      expect(response.status).toBe(400);
      expect((await errorOf(response)).message.length).toBeLessThan(400);
    });
  });

  describe("rate limit", () => {
    it("answers past requestsPerMinute with 429, Retry-After and rate_limited; /healthz is not counted", async () => {
      expect((await throttled.request("/v1/corpora")).status).toBe(200);
      expect((await throttled.request("/v1/corpora")).status).toBe(200);
      const refused = await throttled.request("/v1/corpora");
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("30");
      const error = await errorOf(refused);
      expect(error.code).toBe("rate_limited");
      expect(error.message).toContain("rateLimit.requestsPerMinute");
      expect((await throttled.request("/healthz")).status).toBe(200);
    });

    /** A bare app: the key comes from an x-key header, the clock from the test. */
    const limited = (options: { requestsPerMinute: number; maxBuckets?: number }) => {
      const clock = { now: 0 };
      const app = new Hono<ServerEnv>()
        .use(async (context, next) => {
          const keyId = context.req.header("x-key") ?? null;
          context.set("access", { ...fullAccess, keyId });
          await next();
        })
        .use(rateLimit({ ...options, now: () => clock.now }))
        .get("/", (context) => context.text("ok"));
      app.onError((error, context) => {
        const { status, body, headers } = errorResponse(error, "test");
        return context.json(body, status, headers);
      });
      const get = async (key: string) => (await app.request("/", { headers: { "x-key": key } })).status;
      return { clock, get };
    };

    it("counts each key apart and gives a request back every 60 / requestsPerMinute seconds", async () => {
      const { clock, get } = limited({ requestsPerMinute: 2 });
      expect([await get("a"), await get("a"), await get("a")]).toEqual([200, 200, 429]);
      expect(await get("b")).toBe(200);
      clock.now = 29_000;
      expect(await get("a")).toBe(429);
      clock.now = 30_000;
      expect([await get("a"), await get("a")]).toEqual([200, 429]);
    });

    it("keeps at most maxBuckets, dropping the least recently used", async () => {
      const { get } = limited({ requestsPerMinute: 1, maxBuckets: 2 });
      expect([await get("a"), await get("a")]).toEqual([200, 429]);
      expect([await get("b"), await get("c")]).toEqual([200, 200]);
      expect(await get("a")).toBe(200);
    });

    it("is off at 0 and refuses a bad setting when built", async () => {
      const { get } = limited({ requestsPerMinute: 0 });
      for (let request = 0; request < 50; request += 1) expect(await get("a")).toBe(200);
      expect(() => rateLimit({ requestsPerMinute: -1 })).toThrow(RangeError);
      expect(() => rateLimit({ requestsPerMinute: 1.5 })).toThrow(RangeError);
    });
  });
});
