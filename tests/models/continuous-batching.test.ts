import { beforeAll, describe, expect, it } from "vitest";
import { bundledModels } from "../../src/config/bundled-models.ts";
import type { GenerateOptions, GenerateResult } from "../../src/models/language-model.ts";
import { ModelCallAbortedError } from "../../src/models/model-errors.ts";
import { ModelOverloadedError } from "../../src/models/model-overloaded-error.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";

/** Requests that differ in everything a row keeps for itself: prompt, samples, temperature, top-p, stops, seed. */
const requests: GenerateOptions[] = [
  { prompt: "Question: Where was Treisnos Bemtond born?\nStep:", samples: 4, maxTokens: 24, temperature: 1, seed: 11 },
  { prompt: "Question: What does Vabal Company make?\nStep:", samples: 1, maxTokens: 16, temperature: 0 },
  {
    prompt: "Question: Who founded Teithin Foundry?\nStep:",
    samples: 3,
    maxTokens: 20,
    temperature: 1.3,
    topP: 0.9,
    seed: 5,
  },
  { prompt: "Question: Where is Stairka?\n", samples: 2, maxTokens: 30, temperature: 0.8, stop: ["\n"], seed: 2 },
  { prompt: "Once", samples: 8, maxTokens: 6, temperature: 1, seed: 99, topLogprobs: 3 },
];

const texts = (result: GenerateResult) => result.generations.map((generation) => generation.text);

describe("continuous batching in the transformers.js language model", () => {
  const batches: number[] = [];
  let model: TransformersLanguageModel;
  beforeAll(async () => {
    model = await TransformersLanguageModel.load(
      bundledModels.language,
      {},
      {
        batching: { maxBatchRows: 64, maxQueuedRequests: 64 },
        observer: { batch: (rows) => batches.push(rows) },
      },
    );
  });

  it("gives each request the same tokens alone as beside others, seeds and stop rules kept per request", async () => {
    const alone: GenerateResult[] = [];
    for (const request of requests) alone.push(await model.generate(request));
    batches.length = 0;
    const together = await Promise.all(requests.map((request) => model.generate(request)));
    together.forEach((result, index) => {
      expect(texts(result), `request ${index}`).toEqual(texts(alone[index] as GenerateResult));
      expect(result.usage).toEqual((alone[index] as GenerateResult).usage);
      result.generations.forEach((generation, sample) => {
        const before = (alone[index] as GenerateResult).generations[sample];
        expect(generation.tokens.map((token) => token.token)).toEqual(before?.tokens.map((token) => token.token));
        generation.tokens.forEach((token, position) => {
          expect(token.logprob).toBeCloseTo(before?.tokens[position]?.logprob ?? Number.NaN, 4);
        });
      });
    });
    expect(texts(together[3] as GenerateResult).every((text) => !text.includes("\n"))).toBe(true);
  });

  it("decodes the rows of concurrent requests in one forward pass", async () => {
    batches.length = 0;
    await Promise.all(requests.map((request) => model.generate(request)));
    const rows = requests.reduce((sum, request) => sum + (request.samples ?? 1), 0);
    expect(Math.max(...batches)).toBe(rows);
    const alone = batches.length;
    batches.length = 0;
    for (const request of requests) await model.generate(request);
    expect(batches.length).toBeGreaterThan(alone * 2);
  });

  it("serves a request that arrives just as the batch runs empty, however many turns later", async () => {
    const request = { prompt: "Once", maxTokens: 4, temperature: 0 };
    for (let turns = 0; turns < 6; turns++) {
      await model.generate(request);
      for (let turn = 0; turn < turns; turn++) await Promise.resolve();
      const next = await Promise.race([
        model.generate(request).then(() => "answered"),
        new Promise((resolve) => setTimeout(() => resolve("hung"), 60_000).unref()),
      ]);
      expect(next, `${turns} turns after the last request ended`).toBe("answered");
    }
  });

  it("refuses a request at once when the queue is full, and serves the ones it holds", async () => {
    const small = await TransformersLanguageModel.load(
      bundledModels.language,
      {},
      {
        batching: { maxBatchRows: 1, maxQueuedRequests: 1 },
      },
    );
    const request = { prompt: "Once", maxTokens: 8, temperature: 0 };
    const first = small.generate(request);
    const second = small.generate(request);
    await expect(small.generate(request)).rejects.toBeInstanceOf(ModelOverloadedError);
    expect(texts(await first)).toEqual(texts(await second));
  });

  it("drops an aborted request's rows while the others go on", async () => {
    const controller = new AbortController();
    let seen = 0;
    const aborted = (async () => {
      for await (const event of model.stream({
        ...(requests[0] as GenerateOptions),
        maxTokens: 200,
        abortSignal: controller.signal,
      })) {
        if (event.type === "token-delta" && ++seen === 3) controller.abort();
      }
    })();
    const other = model.generate(requests[2] as GenerateOptions);
    await expect(aborted).rejects.toBeInstanceOf(ModelCallAbortedError);
    expect((await other).generations).toHaveLength(3);
  });
});
