import { describe, expect, it } from "vitest";
import { bridgeNames, introducedNames } from "../../src/reasoning/bridge-names.ts";
import { chainSupport, passageSupport } from "../../src/reasoning/finish-answer.ts";
import { focusedPassages } from "../../src/reasoning/focused-passages.ts";
import { bridgeGate } from "../../src/reasoning/retrieval-gate.ts";
import { stepQuery } from "../../src/reasoning/step-query.ts";
import type { SampledLine } from "../../src/reasoning/step-sampler.ts";

const question = "Where is the employer of Gupound Geildeith based?";
const firstHop = "Gupound Geildeith works for Trevutrour Guild.";

/** A sampled line whose tokens are the given pieces with the given probabilities. */
function line(pieces: readonly [string, number][]): SampledLine {
  const tokens = pieces.map(([token, probability]) => ({ token, logprob: Math.log(probability), topLogprobs: [] }));
  return {
    text: pieces.map(([token]) => token).join(""),
    tokens,
    meanLogprob: tokens.reduce((sum, token) => sum + token.logprob, 0) / tokens.length,
    minLogprob: Math.min(...tokens.map((token) => token.logprob)),
  };
}

describe("bridges: steps that build on what an earlier step recalled", () => {
  it("names the entity an earlier step brought in that the question did not give", () => {
    expect(introducedNames(question, [firstHop])).toEqual(["Trevutrour", "Guild"]);
    expect(bridgeNames(question, [firstHop], "Trevutrour Guild is based in Saizo.")).toEqual(["Trevutrour", "Guild"]);
  });

  it("takes no word for a name that is capitalised only because it opens a sentence", () => {
    expect(introducedNames("Where does Ada work?", ["She works for Trevutrour Guild."])).toEqual([
      "Trevutrour",
      "Guild",
    ]);
    expect(bridgeNames("Who directed Foo?", ["The director of Foo is Bar Baz."], "The film came out in 1990.")).toEqual(
      [],
    );
  });

  it("finds no bridge in a first step, or in a step about the question's own subject", () => {
    expect(bridgeNames(question, [], firstHop)).toEqual([]);
    expect(bridgeNames(question, [firstHop], "Gupound Geildeith is a baker.")).toEqual([]);
  });

  it("searches for a shaky bridge step by the step without its guess, not by the question", () => {
    const candidate = line([
      [" Trevutrour", 0.9],
      [" Guild", 0.9],
      [" is based in", 0.95],
      [" Saizo", 0.1],
      [".", 0.9],
    ]);
    expect(stepQuery(question, [firstHop], candidate)).toBe("Trevutrour Guild is based in.");
  });

  it("adds the bridge's name when the step misspells it", () => {
    const candidate = line([
      [" Trevur", 0.9],
      [" Guild is based in", 0.9],
      [" Saizo", 0.1],
    ]);
    expect(stepQuery(question, [firstHop], candidate)).toBe("Trevutrour Trevur Guild is based in");
  });

  it("opens the gate on a sure bridge step that no passage states, and leaves it shut once one does", () => {
    const sure = { weak: false, reason: "best reward 0.84 clears the gate 0.50" };
    expect(bridgeGate(sure, ["Trevutrour", "Guild"], undefined)).toMatchObject({ weak: true });
    expect(bridgeGate(sure, ["Trevutrour", "Guild"], undefined).reason).toContain("builds on Trevutrour Guild");
    expect(bridgeGate(sure, ["Trevutrour", "Guild"], 1)).toMatchObject({ weak: false });
    expect(bridgeGate(sure, [], undefined)).toBe(sure);
  });
});

describe("the passages a step is written with", () => {
  const aboutSubject = "Gupound Geildeith works for Trevutrour Guild. Gupound Geildeith is a baker.";
  const aboutBridge = "Trevutrour Guild is based in Brerstethai.";
  const unrelated = "Sikre lies in the Thindrith region.";

  it("are those found for the step when it searched", () => {
    expect(focusedPassages([aboutSubject, unrelated, aboutBridge], [firstHop], new Set([aboutBridge]))).toEqual([
      aboutBridge,
    ]);
  });

  it("are otherwise those that state an accepted step", () => {
    expect(focusedPassages([aboutSubject, unrelated], [firstHop], new Set())).toEqual([aboutSubject]);
    expect(focusedPassages([unrelated], [], new Set())).toEqual([]);
  });
});

describe("an answer reached through a chain", () => {
  const question = "In which region was Geisbrund Vabumshem born?";
  const steps = ["Geisbrund Vabumshem was born in Sikre.", "Sikre lies in the Thindrith region."];
  const bridgePassage = "The town of Sikre lies in the Thindrith region. Sikre was founded in the year 1402.";

  it("is supported by the passage that states the step giving it, though that passage never names the subject", () => {
    expect(passageSupport(question, "Thindrith", [bridgePassage])).toBe(-1);
    expect(chainSupport(question, steps, "Thindrith", [bridgePassage])).toBe(1);
  });

  it("is not supported when no passage states that step, or the answer is in no step", () => {
    expect(chainSupport(question, steps, "Thindrith", ["Sikre was founded in the year 1402."])).toBe(-1);
    expect(chainSupport(question, steps, "Fisvei", [bridgePassage])).toBe(-1);
    expect(chainSupport(question, steps, "Thindrith", [])).toBe(0);
  });
});
