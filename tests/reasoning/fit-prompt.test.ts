import { describe, expect, it } from "vitest";
import type { Passage } from "../../retrievers/passage.ts";
import { citeClaims } from "../../src/reasoning/citations.ts";
import { fitPassages } from "../../src/reasoning/fit-prompt.ts";
import { BundledFormat } from "../../src/reasoning/formats/bundled-format.ts";
import { PlainFormat } from "../../src/reasoning/formats/plain-format.ts";
import { PassagePool } from "../../src/reasoning/passage-pool.ts";
import { loadTinyLanguageModel } from "../support/bundled.ts";

const passage = (index: number, text: string): Passage => ({
  chunkId: `doc-${index}#0`,
  documentId: `doc-${index}`,
  title: `Document ${index}`,
  text,
  uri: `/docs/${index}.md`,
  start: 0,
  end: text.length,
  score: 1,
  retriever: "dense",
  reranked: false,
  metadata: {},
});

describe("prompts that must fit the model's context", () => {
  it("leave out the earliest passages, and the ones kept keep their numbers", async () => {
    const model = await loadTinyLanguageModel();
    const passages = Array.from(
      { length: 8 },
      (_, index) => `Passage number ${index + 1}. ${"Seske lies on the river. ".repeat(8)}`,
    );
    const { prompt, firstKept } = await fitPassages(
      model,
      new BundledFormat(),
      { passages, question: "Where is Seske?" },
      "answer",
      24,
    );
    expect(firstKept).toBeGreaterThan(1);
    expect(prompt.startsWith(`Passage [${firstKept}]: Passage number ${firstKept}.`)).toBe(true);
    expect(prompt).toContain("Passage [8]: Passage number 8.");
    expect(await model.countTokens(prompt)).toBeLessThanOrEqual(model.contextLength - 24);
  });

  it("cite only passages the model read", () => {
    const pool = new PassagePool();
    pool.add([passage(1, "Treisnos Bemtond was born in Seske."), passage(2, "Seske lies on the Zasdround river.")]);
    expect(citeClaims(["Treisnos Bemtond was born in Seske."], pool).map((citation) => citation.number)).toEqual([1]);
    expect(citeClaims(["Treisnos Bemtond was born in Seske."], pool, 2)).toEqual([]);
    expect(citeClaims(["Seske lies on the Zasdround river."], pool, 2)).toMatchObject([
      { number: 2, chunkId: "doc-2#0" },
    ]);
  });
});

describe("a few-shot prompt that must fit a small model's context", () => {
  it("shows fewer worked examples before it leaves out any passage", async () => {
    const model = await loadTinyLanguageModel();
    const format = new PlainFormat();
    const parts = { passages: ["Seske lies on the river."], question: "Where is Seske?" };
    const whole = await format.render(parts, "step");
    const reserve = 200;
    expect(await model.countTokens(whole)).toBeGreaterThan(model.contextLength - reserve);
    const { prompt, firstKept } = await fitPassages(model, format, parts, "step", reserve);
    expect(await model.countTokens(prompt)).toBeLessThanOrEqual(model.contextLength - reserve);
    expect(firstKept).toBe(1);
    expect(prompt).toContain("Passage [1]: Seske lies on the river.");
    expect(prompt.match(/\nAnswer: \S/g)?.length ?? 0).toBeLessThan(whole.match(/\nAnswer: \S/g)?.length ?? 0);
  });
});
