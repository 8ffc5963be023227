import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/app/ask-service.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { ModelLoadError } from "../../src/models/model-errors.ts";
import { OpenAICompatibleEmbeddingModel } from "../../src/models/openai-compatible/openai-compatible-embedding-model.ts";
import {
  LogprobsUnavailableError,
  OpenAICompatibleLanguageModel,
} from "../../src/models/openai-compatible/openai-compatible-language-model.ts";
import { startServer } from "../../src/server/start-server.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { remoteSettings, servedRecall } from "../support/served-recall.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";
import { describeEmbeddingModelContract } from "./embedding-model-contract.ts";
import { describeLanguageModelContract } from "./language-model-contract.ts";

/** Recall "A": the bundled models served on a real socket; the remote adapters below talk to it. */
const served = servedRecall();
const remoteLanguageModel = async () => {
  const a = await served();
  return new OpenAICompatibleLanguageModel({
    ...remoteSettings,
    baseUrl: a.baseUrl,
    model: a.languageModel.modelId,
    contextLength: 512,
  });
};
const remoteEmbeddingModel = async () => {
  const a = await served();
  return OpenAICompatibleEmbeddingModel.connect({
    ...remoteSettings,
    baseUrl: a.baseUrl,
    model: a.embeddingModel.modelId,
  });
};

afterAll(async () => {
  const a = await served();
  await a.server.close();
  await a.workspace.dispose();
});

describeLanguageModelContract("OpenAI-compatible adapter, served by another Recall", remoteLanguageModel, 512);
describeEmbeddingModelContract("OpenAI-compatible adapter, served by another Recall", remoteEmbeddingModel);

describe("a Recall that uses another Recall's models", () => {
  it("answers as the serving Recall does, through the remote models", async () => {
    const a = await served();
    const [languageModel, embeddingModel] = await Promise.all([remoteLanguageModel(), remoteEmbeddingModel()]);
    const b = await temporaryWorkspace();
    try {
      const [known] = await readQaSet(worldFolder, "known");
      const question = known?.question ?? "";
      const local = await answerQuestion(
        {
          db: a.workspace.db,
          store: a.workspace.store,
          languageModel: a.languageModel,
          embeddingModel: a.embeddingModel,
        },
        { question, strategy: "closed-book", parameters: { samples: 1 } },
      );
      const remote = await answerQuestion(
        { db: b.db, store: b.store, languageModel, embeddingModel },
        { question, strategy: "closed-book", parameters: { samples: 1 } },
      );
      expect(remote.answer).toBe(local.answer);
      expect(remote.guess).toBe(known?.answers[0]);
      expect(remote.confidence).toBeCloseTo(local.confidence, 3);
      const [vector] = (await embeddingModel.embed({ texts: [question], kind: "query" })).embeddings;
      const [same] = (await a.embeddingModel.embed({ texts: [question], kind: "query" })).embeddings;
      expect(Array.from(vector ?? [])).toEqual(Array.from(same ?? []).map((value) => expect.closeTo(value, 5)));
    } finally {
      await b.dispose();
    }
  });
});

describe("remote model servers that misbehave", () => {
  const serve = async (app: Hono) => {
    const server = await startServer(app, { host: "127.0.0.1", port: 0 });
    return { server, baseUrl: `${server.url}/v1` };
  };
  const completion = { choices: [{ index: 0, text: " Seske", finish_reason: "stop" }], usage: { prompt_tokens: 3 } };

  it("says plainly when a server returns no log-probabilities", async () => {
    const { server, baseUrl } = await serve(new Hono().post("/v1/completions", (context) => context.json(completion)));
    try {
      const model = new OpenAICompatibleLanguageModel({ ...remoteSettings, baseUrl, model: "m", contextLength: 512 });
      const failure = await model.generate({ prompt: "Question: x", maxTokens: 4 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(LogprobsUnavailableError);
      expect((failure as Error).message).toContain("returned no log-probabilities");
    } finally {
      await server.close();
    }
  });

  it("retries a 429 and a 503 with backoff, then succeeds", async () => {
    let calls = 0;
    const withLogprobs = {
      ...completion,
      choices: [
        { ...completion.choices[0], logprobs: { tokens: [" Seske"], token_logprobs: [-0.1], top_logprobs: null } },
      ],
    };
    const app = new Hono().post("/v1/completions", (context) => {
      calls++;
      if (calls === 1) return context.json({ error: { message: "slow down" } }, 429);
      if (calls === 2) return context.json({ error: { message: "busy" } }, 503);
      return context.json(withLogprobs);
    });
    const { server, baseUrl } = await serve(app);
    try {
      const model = new OpenAICompatibleLanguageModel({
        timeoutMs: 5_000,
        maxRetries: 2,
        baseUrl,
        model: "m",
        contextLength: 512,
      });
      const result = await model.generate({ prompt: "Question: x", maxTokens: 4 });
      expect(calls).toBe(3);
      expect(result.generations[0]?.tokens[0]).toMatchObject({ token: " Seske", logprob: -0.1 });
    } finally {
      await server.close();
    }
  });

  it("gives up after its retries with an error that names the model and the server", async () => {
    const { server, baseUrl } = await serve(
      new Hono().post("/v1/completions", (context) => context.json({ error: { message: "down" } }, 503)),
    );
    try {
      const model = new OpenAICompatibleLanguageModel({
        timeoutMs: 5_000,
        maxRetries: 1,
        baseUrl,
        model: "big-model",
        contextLength: 512,
      });
      const failure = await model.generate({ prompt: "Question: x", maxTokens: 4 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ModelLoadError);
      expect((failure as Error).message).toMatch(/big-model.*HTTP 503/);
      expect((failure as Error).message).toContain(baseUrl);
    } finally {
      await server.close();
    }
  });
});
