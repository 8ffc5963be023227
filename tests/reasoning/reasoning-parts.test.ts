import { describe, expect, it } from "vitest";
import type { Passage } from "../../retrievers/passage.ts";
import { voteAnswers } from "../../src/reasoning/answer-vote.ts";
import { calibrate, defaultCalibration, passageSupport, unsupportedSteps } from "../../src/reasoning/finish-answer.ts";
import { support } from "../../src/reasoning/grounding.ts";
import { claimKey, HeuristicRewardModel } from "../../src/reasoning/heuristic-reward.ts";
import { PassagePool } from "../../src/reasoning/passage-pool.ts";
import type { SampledLine } from "../../src/reasoning/step-sampler.ts";

const line = (text: string, meanLogprob = Math.log(0.5)): SampledLine => ({
  text,
  tokens: [],
  meanLogprob,
  minLogprob: meanLogprob,
});

const passage = (chunkId: string, text: string, start = 100): Passage => ({
  chunkId,
  documentId: chunkId.split("#")[0] ?? chunkId,
  title: "Title",
  text,
  uri: "file:///doc.md",
  start,
  end: start + text.length,
  score: 1,
  retriever: "dense",
  reranked: false,
  metadata: {},
});

describe("grounding", () => {
  it("finds the sentence that states a claim, with its offsets in the passage", () => {
    const passages = ["Seske is a town. Treisnos Bemtond was born in Seske, as the register shows. He is a potter."];
    const found = support("Treisnos Bemtond was born in Seske.", passages);
    expect(found?.score).toBe(1);
    expect(passages[0]?.slice(found?.start, found?.end)).toBe(
      "Treisnos Bemtond was born in Seske, as the register shows.",
    );
  });

  it("does not end a sentence at a decimal point", () => {
    const passages = ["The river is 3.5 km long at Seske. Treisnos Bemtond was born in Seske."];
    const found = support("The river is 3.5 km long.", passages);
    expect(passages[0]?.slice(found?.start, found?.end)).toBe("The river is 3.5 km long at Seske.");
  });

  it("scores a claim no sentence states below one", () => {
    expect(support("Treisnos Bemtond was born in Lainvis.", ["Treisnos Bemtond was born in Seske."])?.score).toBe(
      3 / 4,
    );
    expect(support("born", [])).toBeUndefined();
  });
});

describe("the heuristic process reward", () => {
  const question = "Where was Treisnos Bemtond born?";

  it("rewards confident candidates that their siblings agree with", async () => {
    const rewards = await new HeuristicRewardModel().score({
      question,
      steps: [],
      candidates: [
        line("Treisnos Bemtond was born in Seske.", Math.log(0.9)),
        line("Treis Bemtond was born in Seske."),
        line("He was born in Lainvis.", Math.log(0.2)),
      ],
      passages: [],
    });
    expect(rewards.map((reward) => reward.parts.consistency)).toEqual([2 / 3, 2 / 3, 1 / 3]);
    expect(rewards[0]?.parts.confidence).toBeCloseTo(0.9);
    expect(rewards[0]?.parts.grounding).toBeUndefined();
    expect(rewards[0]?.reward).toBeGreaterThan(rewards[1]?.reward ?? 1);
    expect(rewards[1]?.reward).toBeGreaterThan(rewards[2]?.reward ?? 1);
  });

  it("adds grounding once passages are in hand, and novelty after a retrieval", async () => {
    const [grounded, ungrounded] = await new HeuristicRewardModel().score({
      question,
      steps: [],
      candidates: [line("Treisnos Bemtond was born in Seske."), line("Treisnos Bemtond was born in Lainvis.")],
      passages: ["Treisnos Bemtond was born in Seske."],
      novelty: 0.5,
    });
    expect(grounded?.parts).toMatchObject({ grounding: 1, novelty: 0.5 });
    expect(ungrounded?.parts.grounding).toBeLessThan(1);
    expect(grounded?.reward).toBeGreaterThan(ungrounded?.reward ?? 1);
  });

  it("leaves out a part whose weight is zero, but still reports it", async () => {
    const [reward] = await new HeuristicRewardModel({
      weights: { confidence: 1, consistency: 0, grounding: 0, novelty: 0 },
    }).score({
      question,
      steps: [],
      candidates: [line("Treisnos Bemtond was born in Seske.", Math.log(0.8)), line("He was born in Lainvis.")],
      passages: ["Nothing relevant."],
    });
    expect(reward?.reward).toBeCloseTo(0.8);
    expect(reward?.parts.consistency).toBe(0.5);
  });

  it("leaves consistency out for a lone candidate, and lets no empty candidate agree with another", async () => {
    const model = new HeuristicRewardModel();
    const [lone] = await model.score({
      question,
      steps: [],
      candidates: [line("Treisnos was born in Seske.")],
      passages: [],
    });
    expect(lone?.parts.consistency).toBeUndefined();
    const empties = await model.score({
      question,
      steps: [],
      candidates: [line(""), line(""), line("He was born in Seske.")],
      passages: [],
    });
    expect(empties.map((reward) => reward.parts.consistency)).toEqual([0, 0, 1 / 3]);
  });

  it("compares siblings by the value they state, not by how they spell the name", () => {
    expect(claimKey("Brisn Fisnar was born in Lainvis.", "Where was Brisnir Breisshar born?")).toBe("lainvis");
    expect(claimKey("Brisnir Breis was born in Lainvis.", "Where was Brisnir Breisshar born?")).toBe("lainvis");
  });
});

describe("the answer", () => {
  it("goes to the majority, ties to the more probable", () => {
    const vote = voteAnswers([
      line("Seske", Math.log(0.6)),
      line("seske.", Math.log(0.9)),
      line("Lainvis", Math.log(0.95)),
    ]);
    expect(vote).toMatchObject({ answer: "seske.", agreement: 2 / 3, probability: expect.closeTo(0.9) });
    expect(voteAnswers([line("")])).toBeUndefined();
  });

  it("is more confident when passages contain it, less when passages in hand do not", () => {
    const question = "Where was Treisnos Bemtond born?";
    expect(passageSupport(question, "Seske", ["Treisnos Bemtond was born in Seske."])).toBe(1);
    expect(passageSupport(question, "Seske", ["Treisnos Bemtond was born in Lainvis."])).toBe(-1);
    expect(passageSupport(question, "Seske", ["Drimfe Gothbrer was born in Seske."])).toBe(-1);
    expect(passageSupport(question, "Seske", [])).toBe(0);
    const aboutAnother = "Where is Trilfound Company based?";
    expect(passageSupport(aboutAnother, "Stairka", ["Vabal Company is based in Stairka."])).toBe(-1);
    expect(passageSupport(aboutAnother, "Stairka", ["Trilfound Company is based in Stairka."])).toBe(1);
    expect(
      passageSupport("Where is the Trilfound Company I know based?", "Stairka", [
        "Trilfound Company is based in Stairka.",
      ]),
    ).toBe(1);
    expect(passageSupport(aboutAnother, "Stairka", ["Trilfoundry Company is based in Stairka."])).toBe(-1);
    const signals = { agreement: 1, probability: 0.8, steps: 0.8, unsupportedSteps: 0 };
    const supported = calibrate(defaultCalibration, { ...signals, support: 1 });
    const unsupported = calibrate(defaultCalibration, { ...signals, support: -1 });
    expect(unsupported).toBeLessThan(supported);
    const evenWeights = { bias: -2, agreement: 1, probability: 1, steps: 1, support: 1, unsupportedSteps: -1 };
    expect(calibrate(evenWeights, { ...signals, support: 1 })).toBeCloseTo(
      1 / (1 + Math.exp(-(-2 + 1 + 0.8 + 0.8 + 1))),
    );
  });
});

describe("unsupported steps", () => {
  it("counts the steps that no passage read states: the facts the answer rests on from memory alone", () => {
    const steps = ["Treisnos Bemtond works for Vabal Institute.", "Vabal Institute is based in Dedruke."];
    expect(unsupportedSteps(steps, [])).toBe(2);
    expect(unsupportedSteps(steps, ["These days Treisnos Bemtond works for Vabal Institute."])).toBe(1);
    expect(unsupportedSteps(steps, ["Vabal Institute is based in Stairka."])).toBe(2);
    expect(
      unsupportedSteps(steps, ["Treisnos Bemtond works for Vabal Institute.", "Vabal Institute is based in Dedruke."]),
    ).toBe(0);
  });

  it("lower the confidence when the calibration weighs them", () => {
    const signals = { agreement: 1, probability: 0.9, steps: 0.9, support: 0 };
    const weights = { ...defaultCalibration, unsupportedSteps: -2 };
    expect(calibrate(weights, { ...signals, unsupportedSteps: 2 })).toBeLessThan(
      calibrate(weights, { ...signals, unsupportedSteps: 1 }),
    );
  });
});

describe("the passage pool", () => {
  it("numbers passages in arrival order and keeps each chunk once", () => {
    const pool = new PassagePool();
    expect(pool.add([passage("a#0", "first"), passage("b#0", "second")])).toBe(2);
    expect(pool.add([passage("b#0", "second"), passage("c#0", "third")], 3)).toBe(1);
    expect(pool.add([passage("d#0", "fourth")], 3)).toBe(0);
    expect(pool.texts()).toEqual(["first", "second", "third"]);
    expect(pool.refs([passage("c#0", "third")])[0]?.number).toBe(3);
  });
});
