import { beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { type ModelTargets, measureModelTargets } from "../../src/evaluation/model-targets.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";

describe("the bundled tiny models on the tiny world (held-out questions)", () => {
  let figures: ModelTargets;
  beforeAll(async () => {
    figures = await measureModelTargets({
      languageModel: await loadTinyLanguageModel(),
      embeddingModel: await loadTinyEmbeddingModel(),
      worldFolder,
    });
    expect(figures.questions.known).toBeGreaterThanOrEqual(90);
    expect(figures.questions.passage).toBeGreaterThanOrEqual(200);
  }, 600_000);

  it("answer the facts the generator learned, closed-book (exact match >= 0.90)", () => {
    expect(figures.knownExactMatch).toBeGreaterThanOrEqual(0.9);
  });

  it("read answers out of a passage about entities never seen in training, far better than without it", () => {
    expect(figures.unknownClosedBookExactMatch).toBeLessThan(0.05);
    expect(figures.passageExactMatch).toBeGreaterThan(figures.unknownClosedBookExactMatch + 0.3);
  });

  it("read the answer out of the gold passage for entities never seen in training (exact match >= 0.80)", () => {
    expect(figures.passageExactMatch).toBeGreaterThanOrEqual(0.8);
  });

  it("know what they know: the answer's mean log-probability separates known from unknown facts (AUROC >= 0.90)", () => {
    expect(figures.knownVsUnknownAuroc).toBeGreaterThanOrEqual(0.9);
  });

  it("retrieve the supporting document among the encoder's top 5 (recall >= 0.90)", () => {
    expect(figures.encoderRecallAt5).toBeGreaterThanOrEqual(0.9);
  });
});
