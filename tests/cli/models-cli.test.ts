import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";

describe("recall models check", () => {
  it("loads the bundled models and reports ids, dimensions and speeds as JSON", async () => {
    const result = await runCli(["models", "check", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      language: { modelId: string; loadMs: number; tokensPerSecond: number; tokensPerSecondEightSamples: number };
      embedding: { modelId: string; dimensions: number; textsPerSecond: number };
      reranker: { modelId: string; loadMs: number; pairsPerSecond: number };
    };
    expect(report.language.modelId).toMatch(/^tiny-lm@[0-9a-f]{8}$/);
    expect(report.language.tokensPerSecond).toBeGreaterThan(0);
    expect(report.language.tokensPerSecondEightSamples).toBeGreaterThan(0);
    expect(report.embedding).toMatchObject({ dimensions: 128 });
    expect(report.embedding.textsPerSecond).toBeGreaterThan(0);
    expect(report.reranker.modelId).toMatch(/^tiny-reranker@[0-9a-f]{8}$/);
    expect(report.reranker.pairsPerSecond).toBeGreaterThan(0);
  });

  it("says once on start-up that the bundled tiny models are in use, and how to switch", async () => {
    const result = await runCli(["models", "check"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/bundled tiny models/g)).toHaveLength(1);
    expect(result.stderr).toContain("RECALL_LANGUAGE_MODEL=");
    expect(result.stdout).toMatch(/tokens\/s/);
  });

  it("fails with a clear error, and no stack trace, for a hub id it cannot load offline", async () => {
    const result = await runCli(["models", "check", "--offline"], { RECALL_LANGUAGE_MODEL: "Xenova/not-downloaded" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error \[model_unavailable\]: Model "Xenova\/not-downloaded" is a hub id/);
    expect(result.stderr).toContain("local folder");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("fails with the field's name for a bad config file", async () => {
    const folder = await mkdtemp(join(tmpdir(), "recall-cli-"));
    try {
      await writeFile(join(folder, "recall.config.json"), JSON.stringify({ models: { language: { dtype: "fp64" } } }));
      const result = await runCli(["models", "check"], {}, folder);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/error \[invalid_config\]: .*models\.language\.dtype/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("recall eval models", () => {
  it("prints the four figures as one JSON object", async () => {
    const result = await runCli(["eval", "models", "--json", "--limit", "12"]);
    expect(result.code, result.stderr).toBe(0);
    const figures = JSON.parse(result.stdout) as Record<string, number>;
    for (const key of ["knownExactMatch", "passageExactMatch", "knownVsUnknownAuroc", "encoderRecallAt5"]) {
      expect(figures[key]).toBeGreaterThanOrEqual(0);
      expect(figures[key]).toBeLessThanOrEqual(1);
    }
  });

  it("rejects a limit that is not a whole number", async () => {
    const result = await runCli(["eval", "models", "--limit", "ten"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("expected a whole number");
  });
});

describe("recall demo", () => {
  it("indexes the tiny world once, answers from memory when sure and looks up what it does not know", async () => {
    const home = await mkdtemp(join(tmpdir(), "recall-demo-"));
    try {
      const result = await runCli(["demo"], { RECALL_HOME: home });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /corpus "world" in .*: 300 documents \(\d+ chunks embedded now, 0 documents unchanged\)/,
      );
      const blocks = result.stdout.split("\nrecall: ").slice(1);
      expect(blocks).toHaveLength(4);
      for (const block of blocks) expect(block).toMatch(/\nanswer: .+ \(confidence [01]\.\d\d/);
      expect(blocks[0]).toMatch(/-> accept: best reward \d\.\d+ clears the gate/);
      expect(blocks[0]).toContain("0 retrieval(s)");
      expect(blocks[1]).toMatch(/-> retrieve: (best reward \d\.\d+ is under the gate|only \d+ of \d+ candidates)/);
      expect(blocks[1]).toMatch(/found \d+, \d+ new: \[1\]/);
      // The two-hop question recalls its first hop, then looks up the second by the step, not by the question.
      expect(blocks[3]).toMatch(
        /step 1: [\s\S]*-> accept: [\s\S]*step 2: [\s\S]*-> retrieve: [\s\S]*retrieve \(step query\)/,
      );
      expect(blocks[3]).toContain("1 retrieval(s)");

      const again = await runCli(["demo", "-q", "Where was Treisnos Bemtond born?"], { RECALL_HOME: home });
      expect(again.stdout).toContain("(0 chunks embedded now, 300 documents unchanged)");
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
