import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { givenModels } from "../../src/app/model-set.ts";
import { rawChatPrompt } from "../../src/app/raw-chat-completion.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import {
  type ChatPrefill,
  OpenAICompatibleChatModel,
  ScoringUnsupportedError,
} from "../../src/models/openai-compatible/openai-compatible-chat-model.ts";
import { LogprobsUnavailableError } from "../../src/models/openai-compatible/openai-compatible-language-model.ts";
import { UpstreamRejectedError, UpstreamResponseError } from "../../src/models/openai-compatible/upstream-errors.ts";
import { startServer } from "../../src/server/start-server.ts";
import { loadTinyEmbeddingModel, loadTinyReranker } from "../support/bundled.ts";
import { runCli } from "../support/run-cli.ts";
import { remoteSettings, servedRecall } from "../support/served-recall.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

/** Recall "A": the bundled models served on a real socket; its /v1/chat/completions serves the raw language model. */
const served = servedRecall();
const chatModel = async (prefill: ChatPrefill = "continue-final-message", contextLength = 512) => {
  const a = await served();
  return new OpenAICompatibleChatModel({
    ...remoteSettings,
    baseUrl: a.baseUrl,
    model: a.languageModel.modelId,
    contextLength,
    prefill,
  });
};
const question = "Question: Where is the head office of the company based?\nStep:";

interface ChatRequestSeen {
  readonly messages: { role: string; content: string }[];
  readonly n?: number;
  readonly stop?: string[];
  readonly continue_final_message?: boolean;
}

/**
 * A double of a chat server on a real socket: each choice's content is `reply(request)`, its tokens the content's
 * words (each with the space before it), each token's log-probability -0.5; the requests are recorded.
 */
async function chatDouble(reply: (body: ChatRequestSeen) => string, options: { choices?: number } = {}) {
  const requests: ChatRequestSeen[] = [];
  const app = new Hono().post("/v1/chat/completions", async (context) => {
    const body = (await context.req.json()) as ChatRequestSeen;
    requests.push(body);
    const content = reply(body);
    const tokens = (content.match(/\s*\S+|\s+/g) ?? []).map((token) => ({ token, logprob: -0.5, top_logprobs: [] }));
    const choices = Array.from({ length: options.choices ?? body.n ?? 1 }, (_, index) => ({
      index,
      message: { role: "assistant", content },
      logprobs: { content: tokens },
      finish_reason: "stop",
    }));
    return context.json({ choices, usage: { prompt_tokens: 3, completion_tokens: tokens.length } });
  });
  const server = await startServer(app, { host: "127.0.0.1", port: 0 });
  const baseUrl = `${server.url}/v1`;
  return {
    requests,
    baseUrl,
    model: (prefill: ChatPrefill) =>
      new OpenAICompatibleChatModel({ ...remoteSettings, baseUrl, model: "m", contextLength: 512, prefill }),
    close: () => server.close(),
  };
}

afterAll(async () => {
  const a = await served();
  await a.server.close();
  await a.workspace.dispose();
});

describe("OpenAI-compatible chat backend, served by another Recall", () => {
  it("draws n samples, each with per-token log-probabilities that spell its text", async () => {
    const model = await chatModel();
    const result = await model.generate({ prompt: question, samples: 3, maxTokens: 12, topLogprobs: 2, seed: 4 });
    expect(result.generations).toHaveLength(3);
    for (const generation of result.generations) {
      expect(generation.tokens.map((token) => token.token).join("")).toBe(generation.text);
      for (const token of generation.tokens) {
        expect(Number.isFinite(token.logprob)).toBe(true);
        expect(token.logprob).toBeLessThanOrEqual(0);
        expect(token.topLogprobs.length).toBeLessThanOrEqual(2);
      }
    }
    expect(result.generations.some((generation) => generation.tokens[0]?.topLogprobs.length === 2)).toBe(true);
  });

  it("repeats itself for the same seed and stops before a stop string", async () => {
    const model = await chatModel();
    const options = { prompt: question, maxTokens: 16, seed: 7 };
    const [first, second] = await Promise.all([model.generate(options), model.generate(options)]);
    expect(first.generations[0]?.text).toBe(second.generations[0]?.text);
    const free = (await model.generate({ prompt: question, maxTokens: 16, temperature: 0 })).generations[0];
    const text = free?.text ?? "";
    const stop = text.trim().split(/\s+/)[1];
    if (stop === undefined) throw new Error(`the greedy text "${text}" is too short to pick a stop string from`);
    const stopped = (await model.generate({ prompt: question, maxTokens: 16, temperature: 0, stop: [stop] }))
      .generations[0];
    expect(stopped?.finishReason).toBe("stop");
    expect(stopped?.text).toBe(text.slice(0, text.indexOf(stop)));
  });

  it("continues a begun reply through prefill, without repeating it", async () => {
    const a = await served();
    const model = await chatModel("continue-final-message");
    const messages = [{ role: "user" as const, content: "Where is the head office of the company based?" }];
    const begun = "Step: The head office";
    const prompt = `${await model.renderChat(messages)}${begun}`;
    const remote = (await model.generate({ prompt, maxTokens: 8, temperature: 0 })).generations[0];
    const direct = await rawChatPrompt(a.languageModel, [...messages, { role: "assistant", content: begun }], true);
    expect(direct.endsWith(begun)).toBe(true);
    const local = (await a.languageModel.generate({ prompt: direct, maxTokens: 8, temperature: 0 })).generations[0];
    expect(remote?.text).toBe(local?.text);
    expect(remote?.text.startsWith(begun)).toBe(false);
  });

  it("sends a begun reply as an instruction where the server has no prefill, and drops its restatement", async () => {
    // A double of a chat model that restates what it was asked to continue, as chat models tend to.
    const restating = await chatDouble((body) => {
      const last = body.messages.at(-1)?.content ?? "";
      return last.includes("Step: A\nStep:") ? "Step: B is C." : "Step: It is here.";
    });
    try {
      const model = restating.model("instruction");
      const messages = [{ role: "user" as const, content: "Where is it?" }];
      const whole = await model.generate({ prompt: `${await model.renderChat(messages)}Step: It`, maxTokens: 4 });
      const line = await model.generate({ prompt: `${await model.renderChat(messages)}Step: A\nStep:`, maxTokens: 4 });
      for (const [result, text] of [
        [whole, " is here."],
        [line, " B is C."],
      ] as const) {
        expect(result.generations[0]?.text).toBe(text);
        expect(result.generations[0]?.tokens.map((token) => token.token).join("")).toBe(text);
      }
      expect(restating.requests[0]?.messages.at(-1)?.content).toMatch(/Continue this reply[\s\S]*Step: It$/);
      expect(restating.requests[0]?.continue_final_message).toBeUndefined();
    } finally {
      await restating.close();
    }
  });

  it("drops the newline a trimming template moved into the reply, and stops after it", async () => {
    // A double of a server whose template trims the begun reply's "\n": the model writes it first.
    const trimming = await chatDouble(() => "\nStep: B is C.\nAnswer: C");
    try {
      const model = trimming.model("continue-final-message");
      const prompt = `${await model.renderChat([{ role: "user", content: "Who?" }])}Step: A\n`;
      const result = await model.generate({ prompt, maxTokens: 12, stop: ["\n"] });
      expect(result.generations[0]?.text).toBe("Step: B is C.");
      expect(result.generations[0]?.tokens.map((token) => token.token).join("")).toBe("Step: B is C.");
      expect(result.generations[0]?.finishReason).toBe("stop");
      expect(trimming.requests[0]?.stop).toBeUndefined();
      expect(trimming.requests[0]?.messages.at(-1)).toEqual({ role: "assistant", content: "Step: A\n" });
    } finally {
      await trimming.close();
    }
  });

  it("reports a server's refusal of a request Recall made as a bad gateway, its text kept from clients", async () => {
    const refusing = new Hono().post("/v1/chat/completions", (context) =>
      context.json({ error: { message: "secret upstream detail" } }, 400),
    );
    const server = await startServer(refusing, { host: "127.0.0.1", port: 0 });
    try {
      const model = new OpenAICompatibleChatModel({
        ...remoteSettings,
        baseUrl: `${server.url}/v1`,
        model: "m",
        contextLength: 512,
        prefill: "instruction",
      });
      const failure = await model.generate({ prompt: "Question: x", maxTokens: 4 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UpstreamRejectedError);
      expect((failure as UpstreamRejectedError).status).toBe(502);
      expect((failure as Error).message).toContain("secret upstream detail");
      expect((failure as UpstreamRejectedError).clientMessage).not.toContain("secret");
    } finally {
      await server.close();
    }
  });

  it("reports an answer with no choices as an unreadable answer, not as missing log-probabilities", async () => {
    const empty = await chatDouble(() => "unused", { choices: 0 });
    try {
      const failure = await empty
        .model("instruction")
        .generate({ prompt: "Question: x", maxTokens: 4 })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UpstreamResponseError);
      expect((failure as Error).message).toContain("no choices");
    } finally {
      await empty.close();
    }
  });

  it("cannot score a continuation, and says so", async () => {
    const model = await chatModel();
    await expect(model.score({ prompt: "a", continuation: " b" })).rejects.toBeInstanceOf(ScoringUnsupportedError);
  });

  it("runs the whole recall-then-retrieve loop through the chat backend", async () => {
    // The tiny model's tokens are shorter than the three characters a token the backend estimates: a smaller
    // context keeps the prompts it fits within the 512 tokens the serving Recall reads.
    const [languageModel, embeddingModel] = await Promise.all([
      chatModel("continue-final-message", 200),
      loadTinyEmbeddingModel(),
    ]);
    const workspace = await worldWorkspace(embeddingModel);
    const recall = new RecallApp({
      db: workspace.db,
      store: workspace.store,
      models: givenModels({ language: languageModel, embedding: embeddingModel, reranker: loadTinyReranker }),
      promptFormat: "chat",
    });
    try {
      const response = await recall.ask({
        question: "Where is the head office of the company based?",
        strategy: "recall-then-retrieve",
        corpus: "world",
        parameters: { samples: 2 },
      });
      expect(response.trace.length).toBeGreaterThan(0);
      expect(response.usage.completionTokens).toBeGreaterThan(0);
      expect(typeof response.answer).toBe("string");
    } finally {
      await workspace.dispose();
    }
  });
});

describe("recall models check on a chat backend", () => {
  it("lists what the backend can do: log-probabilities, n and prefill", async () => {
    const a = await served();
    const result = await runCli(["models", "check"], {
      RECALL_LANGUAGE_MODEL_URL: a.baseUrl,
      RECALL_LANGUAGE_MODEL: a.languageModel.modelId,
      RECALL_LANGUAGE_MODEL_API: "chat",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("backend: chat");
    expect(result.stdout).toMatch(/log-probabilities: yes/);
    expect(result.stdout).toMatch(/n \(several samples a call\): yes \(asked for 2 choices, got 2\)/);
    // The tiny model cannot count, so whether its continuation passes the probe is not this test's to say: the
    // doubles below are.
    expect(result.stdout).toMatch(/prefill \(continue_final_message\): (yes|no) /);
    expect(result.stdout).not.toContain("echo");
  });

  it("reports prefill only where the server continues the begun reply", async () => {
    // Two doubles: one continues a final assistant message; one ignores continue_final_message and starts afresh.
    const count = (body: ChatRequestSeen, continues: boolean) => {
      const last = body.messages.at(-1);
      return continues && body.continue_final_message && last?.role === "assistant" ? " 7, 8" : "Sure! 1, 2, 3";
    };
    for (const [continues, expected] of [
      [true, /prefill \(continue_final_message\): yes/],
      [false, /prefill \(continue_final_message\): no .*not continued/],
    ] as const) {
      const double = await chatDouble((body) => count(body, continues));
      try {
        const result = await runCli(["models", "check"], {
          RECALL_LANGUAGE_MODEL_URL: double.baseUrl,
          RECALL_LANGUAGE_MODEL: "m",
          RECALL_LANGUAGE_MODEL_API: "chat",
        });
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toMatch(expected);
        expect(result.stdout).toMatch(/log-probabilities: yes/);
      } finally {
        await double.close();
      }
    }
  });
});

describe("a chat server that returns no log-probabilities", () => {
  it("is reported as LogprobsUnavailableError", async () => {
    // A double of a chat server without log-probabilities (as some hosted APIs answer).
    const withoutLogprobs = new Hono().post("/v1/chat/completions", (context) =>
      context.json({
        choices: [{ index: 0, message: { role: "assistant", content: "Paris" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 3, completion_tokens: 1 },
      }),
    );
    const server = await startServer(withoutLogprobs, { host: "127.0.0.1", port: 0 });
    try {
      const model = new OpenAICompatibleChatModel({
        ...remoteSettings,
        baseUrl: `${server.url}/v1`,
        model: "m",
        contextLength: 512,
        prefill: "instruction",
      });
      const failure = await model.generate({ prompt: "Question: x", maxTokens: 4 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(LogprobsUnavailableError);
      expect((failure as Error).message).toContain("/v1/chat/completions");
    } finally {
      await server.close();
    }
  });
});
