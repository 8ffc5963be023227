import { describe, expect, it } from "vitest";
import { withInstructions } from "../../src/reasoning/instructed-model.ts";
import { renderPrompt } from "../../src/reasoning/prompt-format.ts";
import { loadTinyLanguageModel } from "../support/bundled.ts";

describe("instructions in front of every prompt", () => {
  it("reach the model: they are counted and they change what it reads", async () => {
    const model = await loadTinyLanguageModel();
    const instructed = withInstructions(model, "Answer in one word,\nplease.");
    const prompt = renderPrompt({ question: "Where was Treisnos Bemtond born?" });
    expect(await instructed.countTokens(prompt)).toBe(
      await model.countTokens(`Instructions: Answer in one word, please.\n${prompt}`),
    );
    const plain = await model.score({ prompt, continuation: " Treisnos" });
    const withThem = await instructed.score({ prompt, continuation: " Treisnos" });
    expect(withThem.usage.promptTokens).toBeGreaterThan(plain.usage.promptTokens);
    expect(withThem.logprob).not.toBeCloseTo(plain.logprob, 6);
  });

  it("leave the model as it is when there are none", async () => {
    const model = await loadTinyLanguageModel();
    expect(withInstructions(model, undefined)).toBe(model);
    expect(withInstructions(model, "  ")).toBe(model);
  });
});
