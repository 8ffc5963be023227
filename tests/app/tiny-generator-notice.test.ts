import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { isBundledGenerator } from "../../src/app/tiny-generator-notice.ts";
import { bundledModels } from "../../src/config/bundled-models.ts";
import { stories260KFolder } from "../support/shared-models.ts";

describe("isBundledGenerator", () => {
  it("knows the bundled tiny generator by its folder, however it is named, and a copy of it", async () => {
    expect(isBundledGenerator({ provider: "transformers", model: bundledModels.language })).toBe(true);
    const fromHere = `./${relative(process.cwd(), bundledModels.language)}`;
    expect(isBundledGenerator({ provider: "transformers", model: fromHere })).toBe(true);
    const folder = await mkdtemp(join(tmpdir(), "recall-tiny-lm-"));
    try {
      await cp(bundledModels.language, join(folder, "gen"), { recursive: true });
      expect(isBundledGenerator({ provider: "transformers", model: join(folder, "gen") })).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("takes any other model for a real one: another folder, a hub id, a model on a server", () => {
    expect(isBundledGenerator({ provider: "transformers", model: stories260KFolder })).toBe(false);
    expect(isBundledGenerator({ provider: "transformers", model: "onnx-community/Qwen2.5-0.5B-Instruct" })).toBe(false);
    expect(isBundledGenerator({ provider: "openai-compatible", model: bundledModels.language })).toBe(false);
  });
});
