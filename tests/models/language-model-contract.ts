import { describe, expect, it } from "vitest";
import type { GenerationStreamEvent, LanguageModel } from "../../src/models/language-model.ts";
import { ModelCallAbortedError, ModelInputError } from "../../src/models/model-errors.ts";
import { renderBundledPrompt } from "../../src/reasoning/formats/bundled-format.ts";

const prompt = renderBundledPrompt({ question: "Where was the founder of the guild born?" }, "step");

/**
 * What every LanguageModel adapter must do. `load` is called once; `contextLength` is the adapter's limit, used to
 * build a prompt that is too long.
 */
export function describeLanguageModelContract(
  name: string,
  load: () => Promise<LanguageModel>,
  contextLength: number,
): void {
  describe(`LanguageModel contract: ${name}`, () => {
    let model: LanguageModel;
    const ready = (async () => {
      model = await load();
    })();

    it("draws n samples, each with one finite, non-positive log-probability per token", async () => {
      await ready;
      const result = await model.generate({ prompt, samples: 4, maxTokens: 12, seed: 7 });
      expect(result.generations).toHaveLength(4);
      for (const generation of result.generations) {
        expect(generation.tokens.length).toBeGreaterThan(0);
        for (const token of generation.tokens) {
          expect(Number.isFinite(token.logprob)).toBe(true);
          expect(token.logprob).toBeLessThanOrEqual(0);
        }
        expect(
          generation.tokens
            .map((token) => token.token)
            .join("")
            .startsWith(generation.text),
        ).toBe(true);
      }
      expect(result.usage.promptTokens).toBeGreaterThan(0);
      expect(result.usage.completionTokens).toBe(
        result.generations.reduce((sum, generation) => sum + generation.tokens.length, 0),
      );
    });

    it("repeats itself for the same seed and varies across seeds", async () => {
      await ready;
      const texts = async (seed: number): Promise<string[]> =>
        (await model.generate({ prompt, samples: 4, maxTokens: 16, temperature: 1.5, seed })).generations.map(
          (generation) => generation.text,
        );
      const first = await texts(1);
      expect(await texts(1)).toEqual(first);
      expect(await texts(2)).not.toEqual(first);
    });

    it("is deterministic and picks the most likely token at temperature 0", async () => {
      await ready;
      const options = { prompt, maxTokens: 10, temperature: 0, topLogprobs: 3 } as const;
      const [first] = (await model.generate(options)).generations;
      const [second] = (await model.generate(options)).generations;
      expect(second?.text).toBe(first?.text);
      for (const token of first?.tokens ?? []) {
        expect(token.topLogprobs).toHaveLength(3);
        expect(token.topLogprobs[0]?.logprob).toBeCloseTo(token.logprob, 5);
        const logprobs = token.topLogprobs.map((alternative) => alternative.logprob);
        expect([...logprobs].sort((left, right) => right - left)).toEqual(logprobs);
      }
    });

    it("stops before a stop string and says why it stopped", async () => {
      await ready;
      const result = await model.generate({
        prompt,
        samples: 3,
        maxTokens: 64,
        temperature: 0.8,
        seed: 3,
        stop: ["\n"],
      });
      for (const generation of result.generations) {
        expect(generation.text).not.toContain("\n");
        expect(generation.finishReason).toBe("stop");
      }
      const [short] = (await model.generate({ prompt, maxTokens: 2, temperature: 0 })).generations;
      expect(short?.tokens).toHaveLength(2);
      expect(short?.finishReason).toBe("length");
    });

    it("scores a continuation with the log-probabilities it generated it with", async () => {
      await ready;
      const [generation] = (await model.generate({ prompt, maxTokens: 12, temperature: 0 })).generations;
      const continuation = generation?.tokens.map((token) => token.token).join("") ?? "";
      const scored = await model.score({ prompt, continuation });
      expect(scored.tokens.map((token) => token.token).join("")).toBe(continuation);
      for (const [index, token] of scored.tokens.entries()) {
        expect(token.logprob).toBeCloseTo(generation?.tokens[index]?.logprob ?? Number.NaN, 3);
      }
      expect(scored.logprob).toBeCloseTo(
        scored.tokens.reduce((sum, token) => sum + token.logprob, 0),
        6,
      );
    });

    it("scores a likely continuation above an unlikely one", async () => {
      await ready;
      const likely = await model.score({
        prompt: "Question: Where is the guild based?\nStep: The guild is based in",
        continuation: " the town.",
      });
      const unlikely = await model.score({
        prompt: "Question: Where is the guild based?\nStep: The guild is based in",
        continuation: " zqx vvk.",
      });
      expect(likely.logprob).toBeGreaterThan(unlikely.logprob);
    });

    it("streams a start, the tokens of every sample as they come, and an end with the whole result", async () => {
      await ready;
      const events: GenerationStreamEvent[] = [];
      for await (const event of model.stream({ prompt, samples: 2, maxTokens: 8, seed: 5 })) events.push(event);
      expect(events[0]).toEqual({ type: "generation-start", samples: 2 });
      const end = events.at(-1);
      if (end?.type !== "generation-end") throw new Error("the stream did not end with generation-end");
      end.result.generations.forEach((generation, sample) => {
        const streamed = events.flatMap((event) =>
          event.type === "token-delta" && event.sample === sample ? [event.token.token] : [],
        );
        expect(streamed).toEqual(generation.tokens.map((token) => token.token));
      });
    });

    it("rejects with ModelCallAbortedError when the signal is aborted", async () => {
      await ready;
      const controller = new AbortController();
      controller.abort();
      await expect(model.generate({ prompt, maxTokens: 8, abortSignal: controller.signal })).rejects.toBeInstanceOf(
        ModelCallAbortedError,
      );
      const stream = model.stream({ prompt, maxTokens: 8, abortSignal: controller.signal });
      await expect(
        (async () => {
          for await (const _event of stream) {
            /* drain */
          }
        })(),
      ).rejects.toBeInstanceOf(ModelCallAbortedError);
    });

    it("rejects bad options and prompts longer than the context with ModelInputError", async () => {
      await ready;
      await expect(model.generate({ prompt, samples: 0, maxTokens: 8 })).rejects.toBeInstanceOf(ModelInputError);
      await expect(model.generate({ prompt, maxTokens: 8, topP: 0 })).rejects.toThrow(/topP/);
      const tooLong = "word ".repeat(contextLength + 10);
      await expect(model.generate({ prompt: tooLong, maxTokens: 8 })).rejects.toBeInstanceOf(ModelInputError);
    });
  });
}
