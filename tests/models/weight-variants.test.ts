import { beforeAll, describe, expect, it } from "vitest";
import { bundledModels } from "../../src/config/bundled-models.ts";
import type { GenerateOptions, GenerateResult, Generation } from "../../src/models/language-model.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";
import { renderBundledPrompt } from "../../src/reasoning/formats/bundled-format.ts";

/**
 * The fp16 and q4 variants of tiny-lm (onnx/model_fp16.onnx and onnx/model_q4.onnx, written from the fp32 file by
 * scripts/models/make_weight_variants.py) run through the same adapter as the fp32 model.
 */
const prompt = renderBundledPrompt({ question: "Where was the founder of the guild born?" }, "step");
const greedy: GenerateOptions = { prompt, maxTokens: 40, temperature: 0, topLogprobs: 3 };
const sampled: GenerateOptions = { prompt, samples: 4, maxTokens: 24, temperature: 1, seed: 11 };
const beside: GenerateOptions = {
  prompt: "Question: Who founded Teithin Foundry?\nStep:",
  samples: 3,
  maxTokens: 20,
  temperature: 1.3,
  seed: 5,
};

const texts = (result: GenerateResult) => result.generations.map((generation) => generation.text);
const first = (result: GenerateResult): Generation => result.generations[0] as Generation;

describe("tiny-lm weight variants through the transformers.js adapter", () => {
  let fp32: TransformersLanguageModel;
  let fp16: TransformersLanguageModel;
  let q4: TransformersLanguageModel;
  let reference: Generation;
  beforeAll(async () => {
    const load = (dtype: "fp32" | "fp16" | "q4") => TransformersLanguageModel.load(bundledModels.language, { dtype });
    [fp32, fp16, q4] = await Promise.all([load("fp32"), load("fp16"), load("q4")]);
    reference = first(await fp32.generate(greedy));
  });

  it("fp16 keeps its key/value cache in float16", async () => {
    const { caches } = await fp16.prefill([[1, 2, 3]]);
    expect(caches[0]?.["past_key_values.0.key"]?.type).toBe("float16");
    expect(caches[0]?.["past_key_values.0.key"]?.dims).toEqual([1, 8, 3, 16]);
  });

  it("fp16 decodes greedily the same 40 tokens as fp32, log-probabilities within 0.01", async () => {
    const generation = first(await fp16.generate(greedy));
    expect(generation.text).toBe(reference.text);
    expect(generation.tokens).toHaveLength(reference.tokens.length);
    generation.tokens.forEach((token, index) => {
      expect(Math.abs(token.logprob - (reference.tokens[index]?.logprob ?? Number.NaN))).toBeLessThan(0.01);
    });
  });

  // 4-bit weights shift this 128-wide model's log-probabilities by about 0.13 a token on average (fp16: 0.0007). At
  // the first step fp32's top three tokens lie within 0.27 of each other (" S", " M", " N"); q4 picks " N" and from
  // there writes its own answer in the same form. So q4 is held to the same shape of answer and close scores.
  it("q4 decodes greedily to an answer of the same form, starting from one of fp32's top three tokens", async () => {
    const generation = first(await q4.generate(greedy));
    expect(generation.tokens.length).toBeGreaterThan(10);
    for (const token of generation.tokens) expect(Number.isFinite(token.logprob)).toBe(true);
    const fp32Choices = reference.tokens[0]?.topLogprobs.map((alternative) => alternative.token);
    expect(fp32Choices).toContain(generation.tokens[0]?.token);
    expect(generation.text).toMatch(/ was born in .*\nAnswer: /);
  });

  it("q4 scores fp32's greedy answer close to fp32's own scores", async () => {
    const continuation = reference.tokens.map((token) => token.token).join("");
    const [exact, quantized] = await Promise.all([
      fp32.score({ prompt, continuation }),
      q4.score({ prompt, continuation }),
    ]);
    expect(quantized.tokens.map((token) => token.token)).toEqual(exact.tokens.map((token) => token.token));
    const meanDifference =
      quantized.tokens.reduce(
        (sum, token, index) => sum + Math.abs(token.logprob - (exact.tokens[index]?.logprob ?? Number.NaN)),
        0,
      ) / quantized.tokens.length;
    expect(meanDifference).toBeLessThan(0.3);
  });

  for (const dtype of ["fp16", "q4"] as const) {
    const model = () => (dtype === "fp16" ? fp16 : q4);

    it(`${dtype} draws the same samples alone as in a batch beside another request`, async () => {
      const alone = await model().generate(sampled);
      const [together, other] = await Promise.all([model().generate(sampled), model().generate(beside)]);
      expect(texts(together as GenerateResult)).toEqual(texts(alone));
      expect(other?.generations).toHaveLength(3);
    });

    it(`${dtype} scores a continuation with the log-probabilities it generated it with`, async () => {
      const generation = first(await model().generate({ prompt, maxTokens: 12, temperature: 0 }));
      const continuation = generation.tokens.map((token) => token.token).join("");
      const scored = await model().score({ prompt, continuation });
      expect(scored.tokens.map((token) => token.token).join("")).toBe(continuation);
      scored.tokens.forEach((token, index) => {
        expect(token.logprob).toBeCloseTo(generation.tokens[index]?.logprob ?? Number.NaN, 2);
      });
    });
  }
});
