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
import { startServer } from "../../src/server/start-server.ts";
import { lazy } from "../../src/util/lazy.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel, loadTinyReranker } from "../support/bundled.ts";
import { httpApp } from "../support/http-app.ts";
import { runCli } from "../support/run-cli.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

/** Recall "A": the bundled models served on a real socket; its /v1/chat/completions serves the raw language model. */
const served = lazy(async () => {
  const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
  const workspace = await temporaryWorkspace();
  const { app } = httpApp({ db: workspace.db, store: workspace.store, languageModel, embeddingModel });
  const server = await startServer(app, { host: "127.0.0.1", port: 0 });
  return { server, workspace, languageModel, embeddingModel, baseUrl: `${server.url}/v1` };
});

const remoteSettings = { timeoutMs: 30_000, maxRetries: 0 };
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

  it("sends a begun reply as an instruction where the server has no prefill", async () => {
    const model = await chatModel("instruction");
    const prompt = `${await model.renderChat([{ role: "user", content: "Where is it?" }])}Step: It`;
    const result = await model.generate({ prompt, maxTokens: 4, temperature: 0 });
    expect(result.generations).toHaveLength(1);
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
    expect(result.stdout).toMatch(/prefill \(continue_final_message\): yes/);
    expect(result.stdout).not.toContain("echo");
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
