import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { worldServer } from "../support/world-app.ts";

/** The official openai package, which nobody here wrote, against a running Recall server. */
describe("the openai client against recall serve", () => {
  let world: Awaited<ReturnType<typeof worldServer>>;
  let client: OpenAI;
  let knownQuestion: string;
  let embeddingModelId: string;
  beforeAll(async () => {
    world = await worldServer();
    embeddingModelId = world.embeddingModel.modelId;
    client = new OpenAI({ baseURL: `${world.server.url}/v1`, apiKey: "unused", maxRetries: 0 });
    const [known] = await readQaSet(worldFolder, "known");
    knownQuestion = known?.question ?? "";
  }, 120_000);
  afterAll(async () => {
    await world.dispose();
  });

  it("lists every strategy on every corpus as a model", async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain("recall-then-retrieve@world");
    expect(ids).toContain("closed-book@world");
    expect(ids).toContain("closed-book");
  });

  it("answers a chat completion with citations, usage, logprobs and the recall extension", async () => {
    const completion = await client.chat.completions.create({
      model: "always-retrieve@world",
      messages: [
        { role: "system", content: "You answer questions about the tiny world." },
        { role: "user", content: "Where was Treisnos Bemtond born?" },
      ],
      logprobs: true,
      top_logprobs: 2,
    });
    const choice = completion.choices[0];
    expect(completion.object).toBe("chat.completion");
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.content?.length).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    const recall = (completion as unknown as { recall: { confidence: number; abstained: boolean; ask_id: string } })
      .recall;
    expect(recall.confidence).toBeGreaterThanOrEqual(0);
    expect(typeof recall.abstained).toBe("boolean");
    if (!recall.abstained) {
      const tokens = choice?.logprobs?.content ?? [];
      expect(tokens.length).toBeGreaterThan(0);
      for (const token of tokens) {
        expect(token.logprob).toBeLessThanOrEqual(0);
        expect(token.top_logprobs.length).toBeLessThanOrEqual(2);
      }
      expect(
        tokens
          .map((token) => token.token)
          .join("")
          .trim(),
      ).toBe(choice?.message.content?.split(" [")[0]?.split("\n")[0]);
    }
    for (const annotation of choice?.message.annotations ?? []) {
      expect(annotation.type).toBe("url_citation");
      const marker = choice?.message.content?.slice(
        annotation.url_citation.start_index,
        annotation.url_citation.end_index,
      );
      expect(marker).toMatch(/^\[\d+\]$/);
      expect(choice?.message.content).toContain(`${marker} ${annotation.url_citation.title}`);
    }
  });

  it("streams chat.completion.chunk events, ending with usage when asked", async () => {
    const stream = await client.chat.completions.create({
      model: "recall-then-retrieve@world",
      messages: [{ role: "user", content: knownQuestion }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = "";
    let finish: string | null | undefined = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      content += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(content.length).toBeGreaterThan(0);
    expect(finish).toBe("stop");
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it("makes a follow-up turn standalone before answering it", async () => {
    const completion = await client.chat.completions.create({
      model: "closed-book@world",
      messages: [
        { role: "user", content: "Tell me about Treisnos Bemtond." },
        { role: "assistant", content: "Treisnos Bemtond is a potter who works for Teithin Foundry." },
        { role: "user", content: "Where was he born?" },
      ],
    });
    const recall = (completion as unknown as { recall: { question: string } }).recall;
    expect(recall.question).toBe("Where was Treisnos Bemtond born?");
  });

  it("embeds texts with the corpus's embedding model, as floats and as base64", async () => {
    const floats = await client.embeddings.create({
      model: "world",
      input: ["Seske", "Lainvis"],
      encoding_format: "float",
    });
    expect(floats.data).toHaveLength(2);
    expect(floats.data[0]?.embedding.length).toBeGreaterThan(0);
    const decoded = await client.embeddings.create({ model: embeddingModelId, input: "Seske" });
    expect(decoded.data[0]?.embedding).toHaveLength(floats.data[0]?.embedding.length ?? 0);
    decoded.data[0]?.embedding.forEach((value, index) => {
      expect(value).toBeCloseTo(floats.data[0]?.embedding[index] ?? Number.NaN, 5);
    });
  });

  it("reports errors in OpenAI's shape with the right status", async () => {
    const failure = await client.chat.completions
      .create({ model: "magic@world", messages: [{ role: "user", content: "x" }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.NotFoundError);
    expect((failure as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("model_not_found");
    const invalid = await client.chat.completions
      .create({ model: "closed-book@world", messages: [] })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError);
    expect((invalid as InstanceType<typeof OpenAI.BadRequestError>).type).toBe("invalid_request_error");
  });
});
