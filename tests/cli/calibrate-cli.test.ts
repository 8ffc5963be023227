import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledModels, worldFolder } from "../../src/config/bundled-models.ts";
import { runCli } from "../support/run-cli.ts";
import { worldHome } from "../support/world-home.ts";

interface Fitted {
  modelId: string;
  questions: number;
  calibration: Record<string, number>;
  abstainBelow: number;
  gate: { retrieveBelow: number; agreementBelow: number; exactMatch: number; retrievals: number } | null;
  grid: unknown[];
  datasets: string[];
  strategies: string[];
}

describe("recall calibrate", () => {
  let world: Awaited<ReturnType<typeof worldHome>>;
  let home: string;
  let folders: string;
  /**
   * The tiny generator's files under another name, without its fp16 and q4 weights (so that its fingerprint differs
   * from the bundled generator's): a model with another id and no calibration.
   */
  let otherModel: string;
  const known = join(worldFolder, "qa", "known.jsonl");
  const absent = join(worldFolder, "qa", "absent.jsonl");
  const question = "Where was Treisnos Bemtond born?";

  beforeAll(async () => {
    world = await worldHome();
    home = world.home;
    folders = await mkdtemp(join(tmpdir(), "recall-models-"));
    otherModel = join(folders, "other-lm");
    await mkdir(join(otherModel, "onnx"), { recursive: true });
    for (const file of ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"])
      await cp(join(bundledModels.language, file), join(otherModel, file));
    await cp(join(bundledModels.language, "onnx", "model.onnx"), join(otherModel, "onnx", "model.onnx"));
  }, 120_000);
  /** A config file (in the models' temporary folder) with these language model settings. */
  const configWith = async (name: string, language: Record<string, unknown>) => {
    const path = join(folders, `${name}.json`);
    await writeFile(path, JSON.stringify({ models: { language } }));
    return path;
  };
  afterAll(async () => {
    await world.dispose();
    await rm(folders, { recursive: true, force: true });
  });

  it("fits the running model's calibration, abstention and gate, stores them, and later asks use them", async () => {
    const result = await runCli(
      [
        "calibrate",
        ...["--dataset", known, absent, "--split", "dev", "--limit", "2", "--corpus", "world"],
        ...["--strategy", "recall-then-retrieve", "--json"],
      ],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    const fitted = JSON.parse(result.stdout) as Fitted;
    expect(fitted).toMatchObject({
      modelId: expect.stringMatching(/^tiny-lm@/),
      conditions: { dtype: "fp32", promptFormat: "bundled" },
      questions: 4,
      datasets: [known, absent],
      strategies: ["recall-then-retrieve"],
    });
    expect(Object.keys(fitted.calibration).sort()).toEqual(
      ["agreement", "bias", "probability", "steps", "support", "unsupportedSteps"].sort(),
    );
    expect(fitted.abstainBelow).toBeGreaterThan(0);
    expect(fitted.abstainBelow).toBeLessThan(1);
    expect(fitted.grid).toHaveLength(15);
    expect(fitted.grid[0]).toEqual(fitted.gate);

    const asked = await runCli(["ask", question, "--corpus", "world", "--json"], { RECALL_HOME: home });
    expect(asked.code, asked.stderr).toBe(0);
    const answer = JSON.parse(asked.stdout) as { calibrated: boolean; parameters: Record<string, unknown> };
    expect(answer.calibrated).toBe(true);
    expect(answer.parameters).toMatchObject({
      calibration: fitted.calibration,
      abstainBelow: fitted.abstainBelow,
      retrieveBelow: fitted.gate?.retrieveBelow,
      agreementBelow: fitted.gate?.agreementBelow,
    });
    expect(asked.stderr).not.toContain("no calibration");
  });

  it("a model without a calibration answers calibrated: false, and recall ask says how to calibrate it", async () => {
    const environment = { RECALL_HOME: home, RECALL_LANGUAGE_MODEL: otherModel };
    const asked = await runCli(["ask", question, "--corpus", "world", "--strategy", "closed-book"], environment);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stderr).toContain("the language model has no calibration");
    expect(asked.stderr).toContain("recall calibrate --dataset FILE... --corpus NAME");
    const json = await runCli(["ask", question, "--strategy", "closed-book", "--json"], environment);
    expect(JSON.parse(json.stdout)).toMatchObject({ calibrated: false, parameters: { calibration: "none" } });

    const calibrated = await runCli(
      ["calibrate", "--dataset", known, "--limit", "2", "--corpus", "world", "--strategy", "closed-book"],
      environment,
    );
    expect(calibrated.code, calibrated.stderr).toBe(0);
    expect(calibrated.stdout).toMatch(/^other-lm@\w+: calibrated on 2 questions .* answers of closed-book$/m);
    expect(calibrated.stdout).toMatch(/^calibration {3}bias -?\d/m);
    expect(calibrated.stdout).toMatch(/^gate {10}not fitted/m);
    expect(calibrated.stdout).toMatch(/^fitted under {2}dtype fp32, promptFormat plain$/m);
    const after = await runCli(["ask", question, "--strategy", "closed-book"], environment);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).not.toContain("no calibration");

    // The model is named in the file too: RECALL_LANGUAGE_MODEL would put the file's promptFormat back to "auto".
    const bundledFormat = await configWith("bundled-format", { model: otherModel, promptFormat: "bundled" });
    const otherFormat = { RECALL_HOME: home, RECALL_CONFIG: bundledFormat };
    const stale = await runCli(["ask", question, "--strategy", "closed-book"], otherFormat);
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stderr).toContain(
      "the language model's stored calibration was fitted under other settings: promptFormat plain (now bundled)",
    );
    const staleJson = await runCli(["ask", question, "--strategy", "closed-book", "--json"], otherFormat);
    expect(JSON.parse(staleJson.stdout)).toMatchObject({ calibrated: false });
  });

  it("names a strategy that does not exist", async () => {
    const result = await runCli(
      ["calibrate", "--dataset", known, "--corpus", "world", "--strategy", "closed-book,nope"],
      { RECALL_HOME: home },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('"nope" is not a strategy');
  });
});
