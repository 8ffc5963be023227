import { describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { measureModelTargets } from "../../src/evaluation/model-targets.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";

describe("the bundled tiny models on the tiny world", () => {
  it("meet their targets: known facts, reading passages, knowing what they know, and retrieval", async () => {
    const figures = await measureModelTargets({
      languageModel: await loadTinyLanguageModel(),
      embeddingModel: await loadTinyEmbeddingModel(),
      worldFolder,
    });
    expect(figures.questions.known).toBeGreaterThanOrEqual(90);
    expect(figures.questions.passage).toBeGreaterThanOrEqual(200);
    expect(figures.knownExactMatch).toBeGreaterThanOrEqual(0.9);
    expect(figures.passageExactMatch).toBeGreaterThanOrEqual(0.8);
    expect(figures.knownVsUnknownAuroc).toBeGreaterThanOrEqual(0.9);
    expect(figures.encoderRecallAt5).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
});
