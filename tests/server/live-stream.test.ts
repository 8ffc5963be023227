import { eq } from "drizzle-orm";
import type { Hono } from "hono";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { asks } from "../../src/db/schema.ts";
import { backgroundTask, titleOf } from "../../src/server/openai/background-task.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";
import { type RunningServer, startServer } from "../../src/server/start-server.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import {
  libreChatTitle,
  openWebUiAutocomplete,
  openWebUiFollowUps,
  openWebUiQueries,
  openWebUiTags,
  openWebUiTitle,
} from "../support/frontend-task-prompts.ts";
import { GatedLanguageModel } from "../support/gated-language-model.ts";
import { httpApp } from "../support/http-app.ts";
import { type ServerSentEvent, serverSentEvents } from "../support/server-sent-events.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

/** One server-sent event as a client reads it off the wire. */
interface ChatChunk {
  readonly id: string;
  readonly choices: {
    readonly delta: { role?: string; content?: string; reasoning_content?: string; annotations?: unknown[] };
    readonly finish_reason: string | null;
  }[];
  readonly event?: { type: string; data: { description: string; done: boolean } };
  readonly recall?: { ask_id: string };
}

let workspace: Awaited<ReturnType<typeof worldWorkspace>>;
let gated: GatedLanguageModel;
let app: Hono<ServerEnv>;
let server: RunningServer;
/** The requests the server has received, as its app saw them (their signals fire when their client leaves). */
const received: Request[] = [];
/** A held-out question the model does not know: recall-then-retrieve checks its steps and retrieves for it. */
let question: string;

beforeAll(async () => {
  const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
  gated = new GatedLanguageModel(languageModel);
  workspace = await worldWorkspace(embeddingModel);
  ({ app } = httpApp({ db: workspace.db, store: workspace.store, languageModel: gated, embeddingModel }));
  server = await startServer(
    {
      fetch: (request: Request) => {
        received.push(request);
        return app.fetch(request);
      },
    },
    { host: "127.0.0.1", port: 0 },
  );
  const unknown = (await readQaSet(worldFolder, "unknown")).find((record) => record.split === "test");
  if (!unknown) throw new Error("no held-out question");
  question = unknown.question;
}, 120_000);

afterAll(async () => {
  gated.open();
  await server.close();
  await workspace.dispose();
});

const postJson = (path: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

describe("POST /v1/ask with stream: true, live", () => {
  it("sends ask-start and recall-start while the model's first call is still held, then the rest once it runs", async () => {
    gated.close();
    try {
      const events = serverSentEvents(await postJson("/v1/ask", { question, corpus: "world", stream: true }));
      const first = await nextEvent(events);
      const second = await nextEvent(events);
      expect(gated.completed).toBe(0);
      expect(first.event).toBe("ask-start");
      expect(JSON.parse(first.data)).toMatchObject({
        type: "ask-start",
        id: expect.any(String),
        question,
        strategy: "recall-then-retrieve",
        corpus: "world",
      });
      expect(second.event).toBe("recall-start");
      gated.open();
      for await (const _ of events);
    } finally {
      gated.open();
    }
  });

  it("orders the events: the start, the recall, each step checked (retrieval inside the step that needed it), the answer, then the stored answer", async () => {
    const events = await readAll(await postJson("/v1/ask", { question, corpus: "world", stream: true }));
    const types = events.map((event) => event.event);
    expect(types.slice(0, 3)).toEqual(["ask-start", "recall-start", "recall-end"]);
    expect(types.slice(-3)).toEqual(["answer-delta", "answer-end", "answer"]);

    const steps = events.slice(3, -3).map((event) => {
      const data = JSON.parse(event.data) as { type: string; step: number; decision?: string };
      return [data.type, data.step, data.decision].filter((part) => part !== undefined).join(":");
    });
    expect(steps[0]).toMatch(/^step-start:0/);
    const blocks = steps.join(" ").split(/ (?=step-start:)/);
    blocks.forEach((block, index) => {
      const n = String(index);
      const accepted = `step-start:${n} step-sample:${n} step-reward:${n}:accept`;
      const retrieved =
        `step-start:${n} step-sample:${n} step-reward:${n}:retrieve retrieve-start:${n} retrieve-end:${n} ` +
        `step-sample:${n} step-reward:${n}:accept-after-retrieval`;
      expect([accepted, retrieved]).toContain(block);
    });
    expect(types).toContain("retrieve-start");

    const start = JSON.parse(events[0]?.data ?? "{}") as { id: string };
    const decided = JSON.parse(events.at(-2)?.data ?? "{}") as { answer: string; confidence: number };
    const answer = JSON.parse(events.at(-1)?.data ?? "{}") as { id: string; answer: string; confidence: number };
    expect(answer).toMatchObject({ id: start.id, answer: decided.answer, confidence: decided.confidence });
  });
});

describe("POST /v1/chat/completions with stream: true, live", () => {
  const model = "recall-then-retrieve@world";
  const nonStreamContent = async () => {
    const response = await postJson("/v1/chat/completions", { model, messages: [{ role: "user", content: question }] });
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    return body.choices[0]?.message.content ?? "";
  };

  it("sends the role and the first progress line while the model's first call is still held", async () => {
    gated.close();
    try {
      const response = await postJson("/v1/chat/completions", {
        model,
        messages: [{ role: "user", content: question }],
        stream: true,
      });
      const events = serverSentEvents(response);
      const role = chunkOf(await nextEvent(events));
      const progress = chunkOf(await nextEvent(events));
      expect(gated.completed).toBe(0);
      expect(role.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
      expect(progress.choices[0]?.delta.reasoning_content).toBe(
        "Answering with recall-then-retrieve over the world corpus.\n",
      );
      expect(progress.event).toEqual({
        type: "status",
        data: { description: "Answering with recall-then-retrieve over the world corpus.", done: false },
      });
      gated.open();
      for await (const _ of events);
    } finally {
      gated.open();
    }
  });

  it("sends progress as reasoning_content (and Open WebUI status events) before the answer, the answer as the non-stream content, [DONE] last", async () => {
    const events = await readAll(
      await postJson("/v1/chat/completions", {
        model,
        messages: [{ role: "user", content: question }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(events.at(-1)?.data).toBe("[DONE]");
    const chunks = events.slice(0, -1).map(chunkOf);
    const reasoningAt = chunks.flatMap((chunk, index) => (chunk.choices[0]?.delta.reasoning_content ? [index] : []));
    const contentAt = chunks.flatMap((chunk, index) => (chunk.choices[0]?.delta.content ? [index] : []));
    expect(reasoningAt.length).toBeGreaterThan(3);
    expect(contentAt.length).toBeGreaterThan(0);
    expect(Math.max(...reasoningAt)).toBeLessThan(Math.min(...contentAt));

    const reasoning = chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? "").join("");
    const lines = reasoning.trimEnd().split("\n");
    expect(lines[1]).toBe("Recalling what I know…");
    expect(lines).toContain("Checking step 1…");
    expect(lines.some((line) => line.startsWith("Retrieving: "))).toBe(true);
    expect(lines.some((line) => /^Found: .+ \(\d+ new passages?\)$/.test(line))).toBe(true);
    expect(lines.some((line) => /^Step 1( with passages)?: .+ \(reward \d\.\d\d\)$/.test(line))).toBe(true);

    const statuses = chunks.flatMap((chunk) => (chunk.event ? [chunk.event] : []));
    expect(statuses).toHaveLength(reasoningAt.length);
    expect(statuses.every((status) => status.type === "status")).toBe(true);
    expect(statuses.at(-1)?.data.done).toBe(true);

    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(content).toBe(await nonStreamContent());
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason === "stop");
    expect(finish?.choices[0]?.delta.annotations).toBeInstanceOf(Array);
    expect(finish?.recall?.ask_id).toBe(chunks[0]?.id.replace(/^chatcmpl-/, ""));
    expect(chunks.at(-1)?.choices).toEqual([]);
  });

  it("still parses with the official openai client, which sees the progress as reasoning_content", async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: question }],
      stream: true,
    });
    let content = "";
    let reasoning = "";
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
      content += delta?.content ?? "";
      reasoning += delta?.reasoning_content ?? "";
    }
    expect(reasoning).toContain("Recalling what I know…");
    expect(content).toBe(await nonStreamContent());
  });

  it("with logprobs, sends the answer after the ask, token by token with its log-probabilities", async () => {
    const events = await readAll(
      await postJson("/v1/chat/completions", {
        model,
        messages: [{ role: "user", content: question }],
        stream: true,
        logprobs: true,
        top_logprobs: 2,
      }),
    );
    const chunks = events.slice(0, -1).map(chunkOf) as (ChatChunk & {
      choices: { logprobs: { content: { logprob: number }[] } | null }[];
    })[];
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(content).toBe(await nonStreamContent());
    const tokens = chunks.flatMap((chunk) => chunk.choices[0]?.logprobs?.content ?? []);
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(token.logprob).toBeLessThanOrEqual(0);
    const lastReasoning = chunks.findLastIndex((chunk) => chunk.choices[0]?.delta.reasoning_content);
    const firstContent = chunks.findIndex((chunk) => chunk.choices[0]?.delta.content);
    expect(lastReasoning).toBeLessThan(firstContent);
  });

  it("stops the ask when the client leaves mid-stream, and records it as aborted", async () => {
    const leaving = "A chat client that leaves: who is it about?";
    const controller = new AbortController();
    gated.close();
    try {
      const response = await postJson(
        "/v1/chat/completions",
        { model, messages: [{ role: "user", content: leaving }], stream: true },
        controller.signal,
      );
      await nextEvent(serverSentEvents(response));
      const request = received.at(-1);
      if (request === undefined) throw new Error("the server saw no request");
      controller.abort();
      // Once the server has noticed the closed socket, the held model call meets an aborted signal.
      await beforeTimeout(abortOf(request.signal));
    } finally {
      gated.open();
    }
    const stored = await waitFor(async () => {
      const rows = await workspace.db.orm.select().from(asks).where(eq(asks.question, leaving));
      return rows[0];
    });
    expect(stored).toMatchObject({ status: "failed", error: "aborted" });
  });
});

describe("a chat frontend's background requests", () => {
  const ask = (content: string, stream = false) =>
    app.request("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "recall-then-retrieve@world", messages: [{ role: "user", content }], stream }),
    });

  it.each([
    ["Open WebUI's title", openWebUiTitle, "title", { title: "Treisnos Bemtond Born" }],
    ["Open WebUI's tags", openWebUiTags, "tags", { tags: ["General"] }],
    ["Open WebUI's follow-ups", openWebUiFollowUps, "follow-ups", { follow_ups: [] }],
    ["Open WebUI's search queries", openWebUiQueries, "queries", { queries: [] }],
    ["Open WebUI's autocomplete", openWebUiAutocomplete, "autocomplete", { text: "" }],
  ])(
    "answers %s at once, in the JSON its template asks for, without the model and without storing an ask",
    async (_name, prompt, task, expected) => {
      const before = await countAsks();
      const calls = gated.completed;
      const response = await ask(prompt);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        choices: { message: { content: string } }[];
        recall: { background_task: string };
      };
      expect(JSON.parse(body.choices[0]?.message.content ?? "")).toEqual(expected);
      expect(body.recall).toEqual({ background_task: task });
      expect(gated.completed).toBe(calls);
      expect(await countAsks()).toBe(before);
    },
  );

  it("answers LibreChat's title prompt with the title alone", async () => {
    const body = (await (await ask(libreChatTitle)).json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe("Treisnos Bemtond Born");
  });

  it("streams a background reply when asked to: role, content, stop, [DONE]", async () => {
    const text = await (await ask(openWebUiTags, true)).text();
    const data = [...text.matchAll(/^data: (.*)$/gm)].map((match) => match[1] ?? "");
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line) as ChatChunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe('{"tags":["General"]}');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("takes a question that only mentions a task, or has no chat history, for a question", () => {
    const user = (content: string) => [{ role: "user" as const, content }];
    expect(backgroundTask(user("Where was Treisnos Bemtond born?"))).toBeUndefined();
    expect(backgroundTask(user('### Task:\nAnswer with { "title": "x" } please'))).toBeUndefined();
    expect(backgroundTask([...user(openWebUiTitle), { role: "user", content: "And then?" }])).toBeUndefined();
  });

  it("makes a title of up to five words of the first question, leaving out question words", () => {
    expect(titleOf("Where was Treisnos Bemtond born?")).toBe("Treisnos Bemtond Born");
    expect(titleOf("Who is it?")).toBe("Who Is It");
    expect(titleOf("???")).toBe("New Chat");
  });
});

/** The number of stored asks. */
async function countAsks(): Promise<number> {
  return (await workspace.db.orm.select().from(asks)).length;
}

async function readAll(response: Response): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of serverSentEvents(response)) events.push(event);
  return events;
}

/** The next event, or a failure when the stream ends or nothing arrives in time. */
async function nextEvent(events: AsyncGenerator<ServerSentEvent>): Promise<ServerSentEvent> {
  const result = await beforeTimeout(events.next());
  if (result.done) throw new Error("the stream ended");
  return result.value;
}

function chunkOf(event: ServerSentEvent): ChatChunk {
  return JSON.parse(event.data) as ChatChunk;
}

/** Resolves when the signal fires. */
function abortOf(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/**
 * The promise's value, or a failure when nothing arrives in time (a stream that waits for the whole ask, whose model
 * calls the tests hold). The limit is generous: it only has to end a wait that would never end.
 */
async function beforeTimeout<T>(promise: Promise<T>, milliseconds = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`nothing arrived within ${milliseconds} ms`)), milliseconds);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls until `read` returns something (the server finishes an aborted ask on its own time); the deadline is generous,
 * for a slow machine, and costs nothing when the value comes early.
 */
async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}
