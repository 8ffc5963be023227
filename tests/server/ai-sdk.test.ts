import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { noopLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/create-app.ts";
import { type RunningServer, startServer } from "../../src/server/start-server.ts";
import { lazy } from "../../src/util/lazy.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel, loadTinyReranker } from "../support/bundled.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

/** The Vercel AI SDK's OpenAI-compatible provider, which nobody here wrote, against a running Recall server. */
describe("the AI SDK against recall serve", () => {
  let workspace: Awaited<ReturnType<typeof worldWorkspace>>;
  let server: RunningServer;
  let provider: ReturnType<typeof createOpenAICompatible>;
  let known: { question: string; answer: string };
  beforeAll(async () => {
    const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
    workspace = await worldWorkspace(embeddingModel);
    const app = createApp({
      db: workspace.db,
      store: workspace.store,
      languageModel,
      embeddingModel,
      reranker: lazy(loadTinyReranker),
      logger: noopLogger,
    });
    server = await startServer(app, { host: "127.0.0.1", port: 0 });
    provider = createOpenAICompatible({ name: "recall", baseURL: `${server.url}/v1`, includeUsage: true });
    const [record] = await readQaSet(worldFolder, "known");
    known = { question: record?.question ?? "", answer: record?.answers[0] ?? "" };
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await workspace.dispose();
  });

  it("generateText gets the answer of a fact the model knows", async () => {
    const result = await generateText({ model: provider("recall-then-retrieve@world"), prompt: known.question });
    expect(result.text.startsWith(known.answer)).toBe(true);
    expect(result.finishReason).toBe("stop");
    expect(result.usage.totalTokens).toBeGreaterThan(0);
  });

  it("streamText streams the same answer", async () => {
    const result = streamText({ model: provider("recall-then-retrieve@world"), prompt: known.question });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text.startsWith(known.answer)).toBe(true);
    expect((await result.usage).totalTokens).toBeGreaterThan(0);
  });
});
