import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { worldServer } from "../support/world-app.ts";

/** The Vercel AI SDK's OpenAI-compatible provider, which nobody here wrote, against a running Recall server. */
describe("the AI SDK against recall serve", () => {
  let world: Awaited<ReturnType<typeof worldServer>>;
  let provider: ReturnType<typeof createOpenAICompatible>;
  let known: { question: string; answer: string };
  beforeAll(async () => {
    world = await worldServer();
    provider = createOpenAICompatible({ name: "recall", baseURL: `${world.server.url}/v1`, includeUsage: true });
    const [record] = await readQaSet(worldFolder, "known");
    known = { question: record?.question ?? "", answer: record?.answers[0] ?? "" };
  }, 120_000);
  afterAll(async () => {
    await world.dispose();
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
