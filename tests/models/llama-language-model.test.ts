import { AutoTokenizer } from "@huggingface/transformers";
import { beforeAll, describe, expect, it } from "vitest";
import type { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";
import { loadStories260K, stories260KFolder } from "../support/shared-models.ts";
import { describeLanguageModelContract } from "./language-model-contract.ts";

describeLanguageModelContract("transformers.js adapter on stories260K (Llama)", () => loadStories260K(), 512);

describe("a real Llama-architecture model (stories260K)", () => {
  let model: TransformersLanguageModel;
  beforeAll(async () => {
    model = await loadStories260K();
  });

  const greedy = async (prompt: string, maxTokens = 24) =>
    (await model.generate({ prompt, maxTokens, temperature: 0 })).generations[0];

  it("continues a prompt framed as its tokenizer frames it (with BOS), as transformers.js's own generate does", async () => {
    const generation = await greedy("Once upon a time");
    expect(generation?.text).toBe(", there was a little girl named Lily. She loved to play outside in the p");
  });

  it("spells its text with its tokens, a word's leading space included, as the tokenizer decodes it", async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(stories260KFolder, { local_files_only: true });
    const generation = await greedy("The cat");
    const texts = generation?.tokens.map((token) => token.token) ?? [];
    expect(texts.join("")).toBe(generation?.text);
    expect(texts.slice(1).some((text) => text.startsWith(" "))).toBe(true);
    const prompt = tokenizer.decode(tokenizer.encode("The cat"), { skip_special_tokens: true });
    const whole = tokenizer.decode(tokenizer.encode(`The cat${generation?.text}`), { skip_special_tokens: true });
    expect(whole).toBe(`${prompt}${generation?.text}`);
  });

  it("scores its own greedy continuation as the sum of the log-probabilities it drew it with", async () => {
    const generation = await greedy("Once upon a time");
    const drawn = generation?.tokens.reduce((sum, token) => sum + token.logprob, 0) ?? 0;
    const scored = await model.score({ prompt: "Once upon a time", continuation: generation?.text ?? "" });
    expect(scored.tokens.map((token) => token.token)).toEqual(generation?.tokens.map((token) => token.token));
    expect(scored.logprob).toBeCloseTo(drawn, 3);
    expect(scored.logprob).toBeGreaterThan(-10);
  });

  it("scores a continuation in the tokenization of prompt and continuation together", async () => {
    const scored = await model.score({ prompt: "Once upon a time", continuation: " there was a little girl" });
    expect(scored.tokens.map((token) => token.token).join("")).toBe(" there was a little girl");
    expect(scored.tokens[0]?.token).not.toBe("");
  });

  it("decodes the same tokens alone and in a batch through its grouped-query cache", async () => {
    const prompts = ["Once upon a time", "Tom had a red ball. One day", "The sun was"];
    const alone = [];
    for (const prompt of prompts)
      alone.push(await model.generate({ prompt, maxTokens: 16, samples: 3, temperature: 0.9, seed: 5 }));
    const together = await Promise.all(
      prompts.map((prompt) => model.generate({ prompt, maxTokens: 16, samples: 3, temperature: 0.9, seed: 5 })),
    );
    expect(together.map((result) => result.generations.map((generation) => generation.text))).toEqual(
      alone.map((result) => result.generations.map((generation) => generation.text)),
    );
  });

  it("runs its int8 weights (q8)", async () => {
    const quantized = await loadStories260K({ dtype: "q8" });
    const generation = (await quantized.generate({ prompt: "Once upon a time", maxTokens: 12, temperature: 0 }))
      .generations[0];
    expect(generation?.text.startsWith(", there was a little")).toBe(true);
    const scored = await quantized.score({ prompt: "Once upon a time", continuation: generation?.text ?? "" });
    expect(scored.tokens.map((token) => token.token).join("")).toBe(generation?.text);
    expect(Number.isFinite(scored.logprob)).toBe(true);
  });
});
