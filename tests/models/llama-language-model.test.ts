import { AutoModelForCausalLM, AutoTokenizer, type Tensor } from "@huggingface/transformers";
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
    const tokenizer = await AutoTokenizer.from_pretrained(stories260KFolder, { local_files_only: true });
    const reference = await AutoModelForCausalLM.from_pretrained(stories260KFolder, { local_files_only: true });
    try {
      const inputs = tokenizer("Once upon a time");
      const output = (await reference.generate({ ...inputs, max_new_tokens: 24, do_sample: false })) as Tensor;
      const ids = ((output.tolist() as bigint[][])[0] ?? []).map(Number);
      const expected = tokenizer.decode(ids.slice(inputs.input_ids.dims[1]), { skip_special_tokens: true });
      const generation = await greedy("Once upon a time", 24);
      expect(generation?.text).toBe(expected);
      expect(generation?.text).toBe(", there was a little girl named Lily. She loved to play outside in the p");
    } finally {
      await reference.dispose();
    }
  });

  it("spells its text with its tokens, each word's leading space on the token that begins the word", async () => {
    const generation = await greedy("The cat");
    const texts = generation?.tokens.map((token) => token.token) ?? [];
    expect(texts.join("")).toBe(generation?.text);
    const words = generation?.text.split(" ").slice(1) ?? [];
    expect(words.length).toBeGreaterThan(2);
    expect(texts.filter((text) => text.startsWith(" "))).toHaveLength(words.length);
  });

  it("counts the tokens it reads for a prompt, BOS included", async () => {
    const prompt = "Once upon a time";
    const { usage } = await model.generate({ prompt, maxTokens: 1, temperature: 0 });
    expect(await model.countTokens(prompt)).toBe(usage.promptTokens);
    expect(usage.promptTokens).toBe(5);
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
